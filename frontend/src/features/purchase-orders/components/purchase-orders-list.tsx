import { Link } from 'react-router';

import { DataTable } from '@/components/ui/data-table';
import { ExportLinks } from '@/components/ui/export-links';
import { enumOptions, FilterSelect } from '@/components/ui/filter-select';
import { Pagination } from '@/components/ui/pagination';
import { SearchBox } from '@/components/ui/search-box';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatDate, formatMoney, humanize } from '@/lib/format';
import { oneOf, useKeepPageInRange, useListParams } from '@/lib/use-list-params';
import type { PurchaseOrderStatus } from '@/types';

import { usePurchaseOrders } from '../api/get-purchase-orders';
import type { PurchaseOrderFilters } from '../api/keys';

const PAGE_SIZE = 20;
const STATUSES = [
  'DRAFT',
  'ISSUED',
  'PARTIALLY_RECEIVED',
  'RECEIVED',
  'CLOSED',
  'CANCELLED',
] as const satisfies PurchaseOrderStatus[];
const ORDERINGS = [
  'number',
  '-number',
  'status',
  '-status',
  'total',
  '-total',
  'issued_at',
  '-issued_at',
  'created_at',
  '-created_at',
] as const satisfies NonNullable<PurchaseOrderFilters['ordering']>;
const PARAM_KEYS = ['search', 'status', 'archived', 'ordering'] as const;

export function PurchaseOrdersList() {
  const { values, page, update } = useListParams(PARAM_KEYS);
  const ordering = oneOf(ORDERINGS, values.ordering) ?? '-created_at';
  const status = oneOf(STATUSES, values.status);
  const archived = values.archived === 'true';
  const filters = {
    search: values.search || undefined,
    status: status && [status],
    archived: archived || undefined,
    ordering: [ordering],
  };
  const query = usePurchaseOrders({ ...filters, page, page_size: PAGE_SIZE });
  useKeepPageInRange(page, query, update);
  const sort = (value: string) => update({ ordering: value });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          value={values.search}
          onSearch={(search) => update({ search })}
          label="Search orders"
          placeholder="PO or PR number, title, vendor"
        />
        <div className="order-last ml-auto">
          <ExportLinks path="/api/purchase-orders/" params={filters} />
        </div>
        <FilterSelect
          label="Status"
          allLabel="All statuses"
          value={values.status}
          options={enumOptions(STATUSES, humanize)}
          onChange={(status) => update({ status })}
        />
        <label className="mb-2 flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={archived}
            onChange={(event) => update({ archived: event.target.checked ? 'true' : null })}
            className="h-4 w-4 rounded border-slate-300"
          />
          Archived orders
        </label>
      </div>
      <DataTable
        query={query}
        rows={(data) => data.results}
        rowKey={(order) => order.id}
        caption="Purchase orders"
        rowClassName="hover:bg-slate-50"
        loadingLabel="Loading purchase orders"
        emptyTitle="No purchase orders"
        emptyText={
          values.search || values.status || archived
            ? 'Nothing matches these filters.'
            : 'Orders appear here once a request is approved.'
        }
        columns={[
          {
            id: 'number',
            header: 'Number',
            sort: { field: 'number', ordering, onSort: sort },
            cellClassName: 'font-medium whitespace-nowrap',
            cell: (order) => (
              <Link className="text-indigo-700 hover:underline" to={`/purchase-orders/${order.id}`}>
                {order.number}
              </Link>
            ),
          },
          {
            id: 'request',
            header: 'Request',
            cellClassName: 'max-w-xs truncate',
            cell: (order) => `${order.purchase_request.number} · ${order.purchase_request.title}`,
          },
          { id: 'vendor', header: 'Vendor', className: 'hidden md:table-cell', cell: (order) => order.vendor.name },
          {
            id: 'status',
            header: 'Status',
            sort: { field: 'status', ordering, onSort: sort },
            cell: (order) => <StatusBadge status={order.status} />,
          },
          {
            id: 'total',
            header: 'Total',
            align: 'right',
            sort: { field: 'total', ordering, onSort: sort },
            cellClassName: 'whitespace-nowrap',
            cell: (order) => formatMoney(order.total, order.currency),
          },
          {
            id: 'issued_at',
            header: 'Issued',
            sort: { field: 'issued_at', ordering, onSort: sort },
            className: 'hidden sm:table-cell',
            cellClassName: 'whitespace-nowrap',
            cell: (order) => formatDate(order.issued_at),
          },
        ]}
        after={(data) => (
          <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={(next) => update({ page: next })} />
        )}
      />
    </div>
  );
}
