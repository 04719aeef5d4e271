import { Card } from '@/components/ui/page-header';
import { formatDateTime, formatMoney } from '@/lib/format';
import type { PurchaseOrderDetail } from '@/types';

/** The change orders of an order, as the vendor was sent them. */
export function RevisionsList({ order }: { order: PurchaseOrderDetail }) {
  if (order.revisions.length === 0) return null;
  return (
    <Card title="Change orders">
      <ol className="space-y-3">
        {order.revisions.map((revision) => (
          <li key={revision.revision} className="border-l-2 border-amber-300 pl-3 text-sm">
            <p className="font-medium text-slate-900">
              Rev {revision.revision}, {formatDateTime(revision.created_at)} by{' '}
              {revision.created_by.full_name || revision.created_by.email}:{' '}
              {formatMoney(revision.total_before, order.currency)} → {formatMoney(revision.total_after, order.currency)}
            </p>
            <ul className="mt-1 list-disc pl-5 text-slate-700">
              {revision.changes.map((change) => (
                <li key={change}>{change}</li>
              ))}
            </ul>
            {revision.note && <p className="mt-1 text-slate-600">Note to the vendor: {revision.note}</p>}
          </li>
        ))}
      </ol>
    </Card>
  );
}
