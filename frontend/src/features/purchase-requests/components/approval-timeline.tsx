import { Card } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { cn } from '@/lib/cn';
import { formatDateTime, formatMoney, humanize } from '@/lib/format';
import type { PurchaseRequestDetail } from '@/types';

const dot: Record<string, string> = {
  APPROVED: 'bg-emerald-500',
  REJECTED: 'bg-red-500',
  PENDING: 'bg-amber-400 ring-4 ring-amber-100',
  QUEUED: 'bg-slate-300',
  SKIPPED: 'bg-slate-300',
};

/** The approval chain of the current round, step by step; decisions of earlier rounds (before a revise) below. */
export function ApprovalTimeline({ request }: { request: PurchaseRequestDetail }) {
  const steps = request.approval_steps.filter((step) => step.round === request.approval_round);
  const earlier = request.approval_steps.filter((step) => step.round < request.approval_round && step.decided_at);
  return (
    <Card title="Approval chain">
      {steps.length === 0 ? (
        <p className="text-sm text-slate-500">
          {request.status === 'DRAFT' ? 'The chain is built when the request is submitted.' : 'No approval steps.'}
        </p>
      ) : (
        <ol className="relative space-y-4 border-l border-slate-200 pl-6">
          {steps.map((step) => (
            <li key={step.id} className="relative">
              <span
                className={cn('absolute -left-[1.95rem] top-1 h-3 w-3 rounded-full', dot[step.status ?? 'QUEUED'])}
                aria-hidden="true"
              />
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-900">{step.approver.full_name || step.approver.email}</span>
                <StatusBadge status={step.status} />
              </div>
              {step.on_behalf_of && (
                <p className="text-xs text-slate-600">
                  on behalf of {step.on_behalf_of.full_name || step.on_behalf_of.email}, who is away
                </p>
              )}
              <p className="text-xs text-slate-500">
                Step {step.sequence} · approves up to {formatMoney(step.approval_limit, request.currency)}
                {step.decided_at && ` · ${formatDateTime(step.decided_at)}`}
              </p>
              {step.comment && (
                <p className="mt-1 rounded bg-slate-50 px-2 py-1 text-sm text-slate-700">“{step.comment}”</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {earlier.length > 0 && (
        <div className="mt-4 border-t border-slate-200 pt-3">
          <h3 className="text-sm font-medium text-slate-800">Before it was revised</h3>
          <ul className="mt-1 space-y-1 text-sm text-slate-700">
            {earlier.map((step) => (
              <li key={step.id}>
                Round {step.round}: {humanize(step.status ?? '').toLowerCase()} by{' '}
                {step.approver.full_name || step.approver.email} on {formatDateTime(step.decided_at)}
                {step.comment && <> — “{step.comment}”</>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
