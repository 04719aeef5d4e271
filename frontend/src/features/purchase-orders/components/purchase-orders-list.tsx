import { Link } from 'react-router';

import { enumOptions, FilterSelect } from '@/components/ui/filter-select';
import { Pagination } from '@/components/ui/pagination';
import { SearchBox } from '@/components/ui/search-box';
import { TableSkeleton } from '@/components/ui/skeleton';
import { SortHeader } from '@/components/ui/sort-header';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatDate, formatMoney, humanize } from '@/lib/format';
import { oneOf, useKeepPageInRange, useListParams } from '@/lib/use-list-params';
import type { PurchaseOrderStatus } from '@/types';

import { usePurchaseOrders } from '../api/get-purchase-orders';
import type { PurchaseOrderFilters } from '../api/keys';

const PAGE_SIZE = 20;
const STATUSES = [
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
  const query = usePurchaseOrders({
    search: values.search || undefined,
    status: status && [status],
    archived: archived || undefined,
    ordering: [ordering],
    page,
    page_size: PAGE_SIZE,
  });
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
      {query.isPending ? (
        <TableSkeleton label="Loading purchase orders" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.results.length === 0 ? (
        <EmptyState title="No purchase orders">
          {values.search || values.status || archived
            ? 'Nothing matches these filters.'
            : 'Orders appear here once a request is approved.'}
        </EmptyState>
      ) : (
        <div className={query.isPlaceholderData ? 'opacity-60' : undefined}>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="min-w-full text-sm">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <SortHeader label="Number" field="number" ordering={ordering} onSort={sort} />
                  <th scope="col" className="px-3 py-2 font-medium">
                    Request
                  </th>
                  <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                    Vendor
                  </th>
                  <SortHeader label="Status" field="status" ordering={ordering} onSort={sort} />
                  <SortHeader label="Total" field="total" ordering={ordering} onSort={sort} className="text-right" />
                  <SortHeader
                    label="Issued"
                    field="issued_at"
                    ordering={ordering}
                    onSort={sort}
                    className="hidden sm:table-cell"
                  />
                </tr>
              </thead>
              <tbody>
                {query.data.results.map((order) => (
                  <tr key={order.id} className="border-t border-slate-100 hover:bg-slate-50">
                    <td className="px-3 py-2 font-medium whitespace-nowrap">
                      <Link className="text-indigo-700 hover:underline" to={`/purchase-orders/${order.id}`}>
                        {order.number}
                      </Link>
                    </td>
                    <td className="max-w-xs truncate px-3 py-2">
                      {order.purchase_request.number} · {order.purchase_request.title}
                    </td>
                    <td className="hidden px-3 py-2 md:table-cell">{order.vendor.name}</td>
                    <td className="px-3 py-2">
                      <StatusBadge status={order.status} />
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">
                      {formatMoney(order.total, order.currency)}
                    </td>
                    <td className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">{formatDate(order.issued_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            count={query.data.count}
            onPage={(next) => update({ page: next })}
          />
        </div>
      )}
    </div>
  );
}
