import { Link } from 'react-router';

import { Table } from '@/components/ui/data-table';
import { Card } from '@/components/ui/page-header';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { formatDate, formatMoney } from '@/lib/format';
import type { PurchaseOrderListItem, QueueRequest } from '@/types';

import { useProcurementQueue } from '../api/procurement-queue';

const REASONS: Record<string, string> = {
  no_vendor: 'No vendor chosen',
  vendor_inactive: 'Vendor inactive',
  po_cancelled: 'PO cancelled: order again or close',
  draft: 'Draft PO to complete',
  not_issued: 'Not issued',
};

function daysSince(iso: string | null | undefined): number {
  return iso ? Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 86_400_000)) : 0;
}

/** Procurement's work, oldest first: requests waiting for a PO, then orders late for receipt. */
export function ProcurementQueue() {
  const queue = useProcurementQueue();
  if (queue.isPending) return <TableSkeleton label="Loading the queue" />;
  if (queue.isError) return <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />;
  const { requests, late_orders: late } = queue.data;
  return (
    <div className="space-y-6">
      <Card title={`Waiting for a purchase order (${requests.length})`}>
        {requests.length === 0 ? (
          <EmptyState title="Nothing waits for a PO">Approved requests that need one appear here.</EmptyState>
        ) : (
          <Table<QueueRequest>
            variant="plain"
            caption="Approved requests waiting for a purchase order"
            rows={requests}
            rowKey={(row) => row.id}
            columns={[
              {
                id: 'number',
                header: 'Request',
                cell: (row) => (
                  <Link
                    className="font-medium text-indigo-700 underline underline-offset-2"
                    to={row.draft_order ? `/purchase-orders/${row.draft_order}` : `/purchase-requests/${row.id}`}
                  >
                    {row.number}
                  </Link>
                ),
              },
              { id: 'title', header: 'Title', cell: (row) => row.title },
              { id: 'why', header: 'Waiting because', cell: (row) => REASONS[row.reason] ?? row.reason },
              {
                id: 'requester',
                header: 'Requester',
                className: 'hidden md:table-cell',
                cell: (row) => row.requester.email,
              },
              { id: 'amount', header: 'Amount', align: 'right', cell: (row) => formatMoney(row.total, row.currency) },
              {
                id: 'age',
                header: 'Approved',
                align: 'right',
                cell: (row) => (daysSince(row.decided_at) ? `${daysSince(row.decided_at)} d ago` : 'today'),
              },
            ]}
          />
        )}
      </Card>
      <Card title={`Late for receipt (${late.length})`}>
        {late.length === 0 ? (
          <p className="text-sm text-slate-600">No order is past its expected delivery.</p>
        ) : (
          <Table<PurchaseOrderListItem>
            variant="plain"
            caption="Orders past their expected delivery"
            rows={late}
            rowKey={(row) => row.id}
            columns={[
              {
                id: 'number',
                header: 'Order',
                cell: (row) => (
                  <Link
                    className="font-medium text-indigo-700 underline underline-offset-2"
                    to={`/purchase-orders/${row.id}`}
                  >
                    {row.label}
                  </Link>
                ),
              },
              { id: 'vendor', header: 'Vendor', cell: (row) => row.vendor.name },
              { id: 'expected', header: 'Expected', cell: (row) => formatDate(row.expected_delivery) },
              { id: 'late', header: 'Late by', align: 'right', cell: (row) => `${daysSince(row.expected_delivery)} d` },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
