import { Link } from 'react-router';

import { type ComboboxOption } from '@/components/ui/combobox';
import { DataTable } from '@/components/ui/data-table';
import { ExportLinks } from '@/components/ui/export-links';
import { Field, Input } from '@/components/ui/field';
import { FilterCombobox } from '@/components/ui/filter-combobox';
import { enumOptions, FilterSelect } from '@/components/ui/filter-select';
import { Pagination } from '@/components/ui/pagination';
import { SearchBox } from '@/components/ui/search-box';
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

/** Finds departments or vendors to filter by; the route passes the APIs (features do not import each other). */
export type FilterSource = {
  search: (text: string) => Promise<ComboboxOption[]>;
  resolve: (id: number) => Promise<ComboboxOption>;
};

export function PurchaseRequestsList({ departments, vendors }: { departments?: FilterSource; vendors?: FilterSource }) {
  const { values, page, update } = useListParams(PARAM_KEYS);
  const ordering = oneOf(ORDERINGS, values.ordering) ?? '-created_at';
  const status = oneOf(STATUSES, values.status);
  const filters = {
    search: values.search || undefined,
    status: status && [status],
    department: idParam(values.department),
    vendor: idParam(values.vendor),
    created_after: values.created_after || undefined,
    // The server's created_before is exclusive; the user means "until the end of that day".
    created_before: values.created_before ? dayAfter(values.created_before) : undefined,
    ordering: [ordering],
  };
  const query = usePurchaseRequests({ ...filters, page, page_size: PAGE_SIZE });
  useKeepPageInRange(page, query, update);
  const sort = (value: string) => update({ ordering: value });
  const filtered = FILTER_KEYS.some((key) => values[key]);
  const picker = (key: 'department' | 'vendor', label: string, allLabel: string, source?: FilterSource) =>
    source && (
      <FilterCombobox
        label={label}
        placeholder={allLabel}
        value={values[key]}
        search={source.search}
        resolve={source.resolve}
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
        <div className="ml-auto">
          <ExportLinks path="/api/purchase-requests/" params={filters} />
        </div>
      </div>

      <DataTable
        query={query}
        rows={(data) => data.results}
        rowKey={(request) => request.id}
        caption="Purchase requests"
        rowClassName="hover:bg-slate-50"
        loadingLabel="Loading purchase requests"
        emptyTitle="No purchase requests"
        emptyText={filtered ? 'Nothing matches these filters.' : 'Create one to get started.'}
        columns={[
          {
            id: 'number',
            header: 'Number',
            sort: { field: 'number', ordering, onSort: sort },
            cellClassName: 'font-medium whitespace-nowrap',
            cell: (request) => (
              <Link className="text-indigo-700 hover:underline" to={`/purchase-requests/${request.id}`}>
                {request.number}
              </Link>
            ),
          },
          {
            id: 'title',
            header: 'Title',
            sort: { field: 'title', ordering, onSort: sort },
            cellClassName: 'max-w-xs truncate',
            cell: (request) => request.title,
          },
          {
            id: 'requester',
            header: 'Requester',
            className: 'hidden md:table-cell',
            cell: (request) => request.requester.full_name || request.requester.email,
          },
          {
            id: 'status',
            header: 'Status',
            sort: { field: 'status', ordering, onSort: sort },
            cell: (request) => <StatusBadge status={request.status} />,
          },
          {
            id: 'vendor',
            header: 'Vendor',
            className: 'hidden lg:table-cell',
            cellClassName: 'max-w-[10rem] truncate',
            cell: (request) => request.vendor?.name ?? '—',
          },
          {
            id: 'order',
            header: 'PO',
            className: 'hidden lg:table-cell',
            cellClassName: 'whitespace-nowrap',
            cell: (request) => request.order?.number ?? '—',
          },
          {
            id: 'progress',
            header: 'Received / invoiced',
            align: 'right',
            className: 'hidden xl:table-cell',
            cell: (request) =>
              request.order ? `${request.order.received_percent} % / ${request.order.invoiced_percent} %` : '—',
          },
          {
            id: 'total',
            header: 'Total',
            align: 'right',
            sort: { field: 'total', ordering, onSort: sort },
            cellClassName: 'whitespace-nowrap',
            cell: (request) => formatMoney(request.total, request.currency),
          },
          {
            id: 'created_at',
            header: 'Created',
            sort: { field: 'created_at', ordering, onSort: sort },
            className: 'hidden sm:table-cell',
            cellClassName: 'whitespace-nowrap',
            cell: (request) => formatDate(request.created_at),
          },
        ]}
        after={(data) => (
          <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={(next) => update({ page: next })} />
        )}
      />
    </div>
  );
}
