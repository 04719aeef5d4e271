import { Link } from 'react-router';

import { Pagination } from '@/components/ui/pagination';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { formatDate, formatMoney } from '@/lib/format';
import { useKeepPageInRange, useListParams } from '@/lib/use-list-params';

import { DecisionForm } from './decision-form';
import { DASHBOARD_INBOX_FILTERS, useApprovals } from '../api/get-approvals';

const PAGE_SIZE = 20;
const NO_KEYS = [] as const;

/** The caller's approval inbox; `compact` (the dashboard) shows the first few with quick actions and polls. */
export function ApprovalsInbox({ compact = false }: { compact?: boolean }) {
  const { page, update } = useListParams(NO_KEYS);
  const inbox = useApprovals(
    compact ? DASHBOARD_INBOX_FILTERS : { page, page_size: PAGE_SIZE },
    compact ? { refetchInterval: 15_000 } : {},
  );
  useKeepPageInRange(compact ? 1 : page, inbox, update);

  if (inbox.isPending) return <TableSkeleton label="Loading approvals" />;
  if (inbox.isError) return <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />;
  if (inbox.data.results.length === 0) {
    return <EmptyState title="Nothing waits for you">Requests that need your approval appear here.</EmptyState>;
  }
  return (
    <div>
      <ul className="space-y-3">
        {inbox.data.results.map((item) => {
          const request = item.purchase_request;
          return (
            <li key={item.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div>
                  <Link to={`/purchase-requests/${request.id}`} className="font-medium text-indigo-700 hover:underline">
                    {request.number}
                  </Link>
                  <span className="ml-2 text-slate-900">{request.title}</span>
                  <p className="text-sm text-slate-500">
                    {request.requester.full_name || request.requester.email} · {request.department.name} · submitted{' '}
                    {formatDate(request.submitted_at)} · step {item.sequence}
                  </p>
                </div>
                <span className="text-lg font-semibold tabular-nums">
                  {formatMoney(request.total, request.currency)}
                </span>
              </div>
              <div className="mt-3">
                <DecisionForm requestId={request.id} requestNumber={request.number} compact={compact} />
              </div>
            </li>
          );
        })}
      </ul>
      {!compact && (
        <Pagination
          page={page}
          pageSize={PAGE_SIZE}
          count={inbox.data.count}
          onPage={(next) => update({ page: next })}
        />
      )}
    </div>
  );
}
