import { Link } from 'react-router';

import { Field, Input } from '@/components/ui/field';
import { enumOptions, FilterSelect } from '@/components/ui/filter-select';
import { Pagination } from '@/components/ui/pagination';
import { SearchBox } from '@/components/ui/search-box';
import { TableSkeleton } from '@/components/ui/skeleton';
import { SortHeader } from '@/components/ui/sort-header';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { dayAfter, formatDate, formatMoney, humanize } from '@/lib/format';
import { idParam, oneOf, useKeepPageInRange, useListParams } from '@/lib/use-list-params';
import type { PurchaseRequestStatus } from '@/types';

import { usePurchaseRequests } from '../api/get-purchase-requests';
import type { PurchaseRequestFilters } from '../api/keys';

const PAGE_SIZE = 20;
const STATUSES = [
  'DRAFT',
  'PENDING_APPROVAL',
  'APPROVED',
  'REJECTED',
  'CANCELLED',
] as const satisfies PurchaseRequestStatus[];
const ORDERINGS = [
  'number',
  '-number',
  'title',
  '-title',
  'status',
  '-status',
  'total',
  '-total',
  'created_at',
  '-created_at',
] as const satisfies NonNullable<PurchaseRequestFilters['ordering']>;
const PARAM_KEYS = ['search', 'status', 'department', 'vendor', 'created_after', 'created_before', 'ordering'] as const;
const FILTER_KEYS = PARAM_KEYS.filter((key) => key !== 'ordering');

type Option = { id: number; name: string };

/** Departments and vendors to filter by come from the route (features do not import each other). */
export function PurchaseRequestsList({
  departments = [],
  vendors = [],
}: {
  departments?: Option[];
  vendors?: Option[];
}) {
  const { values, page, update } = useListParams(PARAM_KEYS);
  const ordering = oneOf(ORDERINGS, values.ordering) ?? '-created_at';
  const status = oneOf(STATUSES, values.status);
  const query = usePurchaseRequests({
    search: values.search || undefined,
    status: status && [status],
    department: idParam(values.department),
    vendor: idParam(values.vendor),
    created_after: values.created_after || undefined,
    // The server's created_before is exclusive; the user means "until the end of that day".
    created_before: values.created_before ? dayAfter(values.created_before) : undefined,
    ordering: [ordering],
    page,
    page_size: PAGE_SIZE,
  });
  useKeepPageInRange(page, query, update);
  const filtered = FILTER_KEYS.some((key) => values[key]);
  const picker = (key: 'department' | 'vendor', label: string, allLabel: string, options: Option[]) =>
    options.length > 0 && (
      <FilterSelect
        label={label}
        allLabel={allLabel}
        value={values[key]}
        options={options.map((option) => ({ value: option.id, label: option.name }))}
        onChange={(value) => update({ [key]: value })}
      />
    );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          value={values.search}
          onSearch={(search) => update({ search })}
          label="Search requests"
          placeholder="Number, title, requester or vendor"
        />
        <FilterSelect
          label="Status"
          allLabel="All statuses"
          value={values.status}
          options={enumOptions(STATUSES, humanize)}
          onChange={(status) => update({ status })}
        />
        {picker('department', 'Department', 'All departments', departments)}
        {picker('vendor', 'Vendor', 'All vendors', vendors)}
        <Field label="Created from" className="w-40">
          {(props) => (
            <Input
              {...props}
              type="date"
              value={values.created_after}
              onChange={(event) => update({ created_after: event.target.value })}
            />
          )}
        </Field>
        <Field label="Created until" className="w-40">
          {(props) => (
            <Input
              {...props}
              type="date"
              value={values.created_before}
              onChange={(event) => update({ created_before: event.target.value })}
            />
          )}
        </Field>
        {filtered && (
          <button
            type="button"
            className="mb-2 text-sm text-indigo-700 underline underline-offset-2"
            onClick={() => update(Object.fromEntries(FILTER_KEYS.map((key) => [key, null])))}
          >
            Clear filters
          </button>
        )}
      </div>

      {query.isPending ? (
        <TableSkeleton label="Loading purchase requests" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.results.length === 0 ? (
        <EmptyState title="No purchase requests">
          {filtered ? 'Nothing matches these filters.' : 'Create one to get started.'}
        </EmptyState>
      ) : (
        <div className={query.isPlaceholderData ? 'opacity-60' : undefined}>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="min-w-full text-sm">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <SortHeader
                    label="Number"
                    field="number"
                    ordering={ordering}
                    onSort={(value) => update({ ordering: value })}
                  />
                  <SortHeader
                    label="Title"
                    field="title"
                    ordering={ordering}
                    onSort={(value) => update({ ordering: value })}
                  />
                  <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                    Requester
                  </th>
                  <SortHeader
                    label="Status"
                    field="status"
                    ordering={ordering}
                    onSort={(value) => update({ ordering: value })}
                  />
                  <SortHeader
                    label="Total"
                    field="total"
                    ordering={ordering}
                    onSort={(value) => update({ ordering: value })}
                    className="text-right"
                  />
                  <SortHeader
                    label="Created"
                    field="created_at"
                    ordering={ordering}
                    onSort={(value) => update({ ordering: value })}
                    className="hidden sm:table-cell"
                  />
                </tr>
              </thead>
              <tbody>
                {query.data.results.map((request) => (
                  <tr key={request.id} className="border-t border-slate-100 hover:bg-slate-50">
                    <td className="px-3 py-2 font-medium whitespace-nowrap">
                      <Link className="text-indigo-700 hover:underline" to={`/purchase-requests/${request.id}`}>
                        {request.number}
                      </Link>
                    </td>
                    <td className="max-w-xs truncate px-3 py-2">{request.title}</td>
                    <td className="hidden px-3 py-2 md:table-cell">
                      {request.requester.full_name || request.requester.email}
                    </td>
                    <td className="px-3 py-2">
                      <StatusBadge status={request.status} />
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">
                      {formatMoney(request.total, request.currency)}
                    </td>
                    <td className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">
                      {formatDate(request.created_at)}
                    </td>
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
