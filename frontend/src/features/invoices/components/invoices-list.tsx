import { Link } from 'react-router';

import { DataTable } from '@/components/ui/data-table';
import { ExportLinks } from '@/components/ui/export-links';
import { enumOptions, FilterSelect } from '@/components/ui/filter-select';
import { Pagination } from '@/components/ui/pagination';
import { SearchBox } from '@/components/ui/search-box';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatDate, formatMoney, humanize } from '@/lib/format';
import { oneOf, useKeepPageInRange, useListParams } from '@/lib/use-list-params';
import type { InvoiceStatus } from '@/types';

import { useInvoices } from '../api/get-invoices';
import type { InvoiceFilters } from '../api/keys';

const PAGE_SIZE = 20;
export const INVOICE_STATUSES = [
  'RECEIVED',
  'MATCHED',
  'ON_HOLD',
  'APPROVED',
  'SCHEDULED',
  'PAID',
  'CANCELLED',
] as const satisfies InvoiceStatus[];
const ORDERINGS = [
  'created_at',
  '-created_at',
  'due_date',
  '-due_date',
  'total',
  '-total',
  'invoice_date',
  '-invoice_date',
] as const satisfies NonNullable<InvoiceFilters['ordering']>[];
const PARAM_KEYS = ['search', 'status', 'ordering'] as const;

/** Invoices with status, vendor, PO, total and due date; `purchaseOrder` lists one order's only
 * (on the PO's page, without the list's own filters). */
export function InvoicesList({ purchaseOrder }: { purchaseOrder?: number }) {
  const { values, page, update } = useListParams(PARAM_KEYS);
  const compact = purchaseOrder !== undefined;
  const ordering = oneOf(ORDERINGS, values.ordering) ?? '-created_at';
  const status = compact ? undefined : oneOf(INVOICE_STATUSES, values.status);
  const filters = { search: values.search || undefined, status, ordering };
  const query = useInvoices(
    compact ? { purchase_order: purchaseOrder, page_size: 50 } : { ...filters, page, page_size: PAGE_SIZE },
  );
  useKeepPageInRange(page, query, update);
  const sort = (value: string) => update({ ordering: value });

  return (
    <div className="space-y-4">
      {!compact && (
        <div className="flex flex-wrap items-end gap-3">
          <SearchBox
            value={values.search}
            onSearch={(search) => update({ search })}
            label="Search invoices"
            placeholder="Invoice or PO number, vendor"
          />
          <FilterSelect
            label="Status"
            allLabel="All statuses"
            value={values.status}
            options={enumOptions(INVOICE_STATUSES, humanize)}
            onChange={(next) => update({ status: next })}
          />
          <div className="ml-auto">
            <ExportLinks path="/api/invoices/" params={filters} />
          </div>
        </div>
      )}
      <DataTable
        query={query}
        rows={(data) => data.results}
        rowKey={(invoice) => invoice.id}
        caption={compact ? 'Invoices of this order' : 'Invoices'}
        variant={compact ? 'plain' : 'card'}
        rowClassName="hover:bg-slate-50"
        loadingLabel="Loading invoices"
        emptyTitle="No invoices"
        emptyText={
          compact
            ? 'No invoice bills this order yet.'
            : values.search || values.status
              ? 'Nothing matches these filters.'
              : 'Invoices appear here once finance enters them, from a read document or by hand.'
        }
        columns={[
          {
            id: 'number',
            header: 'Invoice',
            cellClassName: 'font-medium whitespace-nowrap',
            cell: (invoice) => (
              <Link className="text-indigo-700 hover:underline" to={`/invoices/${invoice.id}`}>
                {invoice.number || `#${invoice.id}`}
                {invoice.kind === 'credit_note' && ' (credit note)'}
              </Link>
            ),
          },
          { id: 'vendor', header: 'Vendor', cell: (invoice) => invoice.vendor?.name ?? 'Not read' },
          {
            id: 'po',
            header: 'PO',
            className: compact ? 'hidden' : 'hidden md:table-cell',
            cell: (invoice) => invoice.purchase_order?.number ?? 'No PO',
          },
          {
            id: 'status',
            header: 'Status',
            cell: (invoice) => (
              <span className="flex items-center gap-2">
                <StatusBadge status={invoice.status} />
                {invoice.open_holds > 0 && (
                  <span className="text-xs text-amber-800">
                    {invoice.open_holds} hold{invoice.open_holds === 1 ? '' : 's'}
                  </span>
                )}
              </span>
            ),
          },
          {
            id: 'total',
            header: 'Total',
            align: 'right',
            sort: compact ? undefined : { field: 'total', ordering, onSort: sort },
            cellClassName: 'whitespace-nowrap',
            cell: (invoice) => formatMoney(invoice.total, invoice.currency || 'USD'),
          },
          {
            id: 'due_date',
            header: 'Due',
            sort: compact ? undefined : { field: 'due_date', ordering, onSort: sort },
            className: 'hidden sm:table-cell',
            cellClassName: 'whitespace-nowrap',
            cell: (invoice) => formatDate(invoice.due_date),
          },
        ]}
        after={(data) =>
          !compact && (
            <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={(next) => update({ page: next })} />
          )
        }
      />
    </div>
  );
}
