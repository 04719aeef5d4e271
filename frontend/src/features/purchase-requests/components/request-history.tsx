import { Card } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { ErrorState } from '@/components/ui/states';
import { formatDateTime, humanize } from '@/lib/format';

import { usePurchaseRequestHistory } from '../api/get-purchase-request-history';

export function RequestHistory({ requestId }: { requestId: number }) {
  const history = usePurchaseRequestHistory(requestId);
  return (
    <Card title="History">
      {history.isPending ? (
        <div role="status" aria-label="Loading history" className="space-y-2">
          <Skeleton className="h-4 w-3/4" />
          <Skeleton className="h-4 w-1/2" />
        </div>
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.results.length === 0 ? (
        <p className="text-sm text-slate-500">No events yet.</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {history.data.results.map((event) => (
            <li key={event.id} className="flex flex-wrap justify-between gap-2 border-b border-slate-100 pb-2">
              <span>
                <span className="font-medium text-slate-800">
                  {humanize(event.action.split('.').pop() ?? event.action)}
                </span>
                {event.actor_email && <span className="text-slate-600"> by {event.actor_email}</span>}
                {typeof event.after?.on_behalf_of === 'string' && (
                  <span className="text-slate-600"> on behalf of {event.after.on_behalf_of}</span>
                )}
                {typeof event.after?.comment === 'string' && event.after.comment && (
                  <span className="block text-slate-700">“{event.after.comment}”</span>
                )}
              </span>
              <time className="text-slate-500" dateTime={event.created_at}>
                {formatDateTime(event.created_at)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
