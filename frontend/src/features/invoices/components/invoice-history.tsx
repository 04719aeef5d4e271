import { Card } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { ErrorState } from '@/components/ui/states';
import { formatDateTime } from '@/lib/format';

import { useInvoiceHistory } from '../api/get-history';

const LABELS: Record<string, string> = {
  'invoice.create': 'Entered',
  'credit_note.create': 'Credit note entered',
  'invoice.correct': 'Corrected',
  'invoice.match': 'Checked against the order',
  'invoice_hold.release': 'Hold released',
  'invoice.approve': 'Approved',
  'invoice.cancel': 'Cancelled',
};

function summary(action: string, after: Record<string, unknown> | null | undefined): string {
  if (!after) return '';
  if (action === 'invoice.match') {
    const opened = (after.opened as string[] | undefined) ?? [];
    const cleared = (after.cleared as string[] | undefined) ?? [];
    return [
      `now ${String(after.match_status).replace('_', ' ')}`,
      opened.length ? `held for ${opened.join(', ').replaceAll('_', ' ')}` : '',
      cleared.length ? `cleared ${cleared.join(', ').replaceAll('_', ' ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
  }
  if (action === 'invoice_hold.release') return `${String(after.code).replaceAll('_', ' ')}: ${String(after.reason)}`;
  if (action === 'invoice.approve') return after.automatic ? 'by itself (matched, within the auto-approval limit)' : '';
  return '';
}

export function InvoiceHistory({ invoiceId }: { invoiceId: number }) {
  const history = useInvoiceHistory(invoiceId);
  return (
    <Card title="History">
      {history.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <ol className="space-y-2 text-sm">
          {history.data.results.map((event) => (
            <li key={event.id} className="flex flex-wrap gap-x-2">
              <span className="font-medium text-slate-900">{LABELS[event.action] ?? event.action}</span>
              <span className="text-slate-600">
                {event.actor ? `by ${event.actor.full_name || event.actor.email}` : 'by the system'} ·{' '}
                {formatDateTime(event.created_at)}
              </span>
              {summary(event.action, event.after) && (
                <span className="basis-full text-slate-700">{summary(event.action, event.after)}</span>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
