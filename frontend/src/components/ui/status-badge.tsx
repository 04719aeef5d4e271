import { cn } from '@/lib/cn';
import { humanize } from '@/lib/format';

const tones: Record<string, string> = {
  DRAFT: 'bg-slate-100 text-slate-700',
  PENDING_APPROVAL: 'bg-amber-100 text-amber-800',
  PENDING: 'bg-amber-100 text-amber-800',
  QUEUED: 'bg-slate-100 text-slate-600',
  PROCESSING: 'bg-sky-100 text-sky-800',
  APPROVED: 'bg-emerald-100 text-emerald-800',
  COMPLETED: 'bg-emerald-100 text-emerald-800',
  RECEIVED: 'bg-emerald-100 text-emerald-800',
  ISSUED: 'bg-indigo-100 text-indigo-800',
  PARTIALLY_RECEIVED: 'bg-sky-100 text-sky-800',
  CLOSED: 'bg-slate-200 text-slate-700',
  REJECTED: 'bg-red-100 text-red-800',
  FAILED: 'bg-red-100 text-red-800',
  CANCELLED: 'bg-slate-200 text-slate-600',
  SKIPPED: 'bg-slate-100 text-slate-500',
  MATCHED: 'bg-sky-100 text-sky-800',
  ON_HOLD: 'bg-amber-100 text-amber-800',
  SCHEDULED: 'bg-indigo-100 text-indigo-800',
  PAID: 'bg-emerald-100 text-emerald-800',
  EXPORTED: 'bg-sky-100 text-sky-800',
  UNCONFIRMED: 'bg-amber-100 text-amber-800',
  CONFIRMED: 'bg-emerald-100 text-emerald-800',
};

export function StatusBadge({ status }: { status: string | undefined }) {
  const value = status ?? 'UNKNOWN';
  return (
    <span
      className={cn(
        'inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium',
        tones[value] ?? 'bg-slate-100 text-slate-700',
      )}
    >
      {humanize(value)}
    </span>
  );
}
