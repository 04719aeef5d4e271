import { Link } from 'react-router';

import type { ComboboxOption } from '@/components/ui/combobox';
import { DataTable } from '@/components/ui/data-table';
import { FilterCombobox } from '@/components/ui/filter-combobox';
import { enumOptions, FilterSelect } from '@/components/ui/filter-select';
import { Pagination } from '@/components/ui/pagination';
import { formatMoney, humanize } from '@/lib/format';
import { oneOf, useKeepPageInRange, useListParams } from '@/lib/use-list-params';
import type { HoldCode } from '@/types';

import { useMatchExceptions } from '../api/get-invoices';

const PAGE_SIZE = 25;
const CODES = [
  'price_variance',
  'qty_not_received',
  'qty_over_ordered',
  'vendor_mismatch',
  'currency_mismatch',
  'totals_inconsistent',
  'po_cancelled',
  'no_po',
  'duplicate_suspect',
] as const satisfies HoldCode[];
const PARAM_KEYS = ['code', 'vendor'] as const;

function age(createdAt: string, now = Date.now()): string {
  const days = Math.floor((now - new Date(createdAt).getTime()) / 86_400_000);
  return days <= 0 ? 'today' : days === 1 ? '1 day' : `${days} days`;
}

/** The holds waiting on me (by my role), oldest first, with the sentence that explains each. */
export function ApInbox({
  searchVendors,
  resolveVendor,
}: {
  searchVendors: (text: string) => Promise<ComboboxOption[]>;
  resolveVendor: (id: number) => Promise<ComboboxOption>;
}) {
  const { values, page, update } = useListParams(PARAM_KEYS);
  const code = oneOf(CODES, values.code);
  const vendor = Number(values.vendor) || undefined;
  const query = useMatchExceptions({ code, vendor, page, page_size: PAGE_SIZE });
  useKeepPageInRange(page, query, update);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <FilterSelect
          label="Reason"
          allLabel="All reasons"
          value={values.code}
          options={enumOptions(CODES, humanize)}
          onChange={(next) => update({ code: next })}
        />
        <FilterCombobox
          label="Vendor"
          placeholder="All vendors"
          value={values.vendor}
          search={searchVendors}
          resolve={resolveVendor}
          onChange={(next) => update({ vendor: next })}
        />
      </div>
      <DataTable
        query={query}
        rows={(data) => data.results}
        rowKey={(hold) => hold.id}
        caption="Holds waiting on me"
        loadingLabel="Loading the holds"
        emptyTitle="Nothing waiting on you"
        emptyText={
          values.code || values.vendor
            ? 'No hold matches these filters.'
            : 'Invoices on hold for your role appear here.'
        }
        columns={[
          {
            id: 'invoice',
            header: 'Invoice',
            cellClassName: 'whitespace-nowrap font-medium',
            cell: (hold) => (
              <Link className="text-indigo-700 hover:underline" to={`/invoices/${hold.invoice.id}`}>
                {hold.invoice.number || `#${hold.invoice.id}`}
              </Link>
            ),
          },
          {
            id: 'vendor',
            header: 'Vendor',
            className: 'hidden md:table-cell',
            cell: (hold) => hold.invoice.vendor?.name ?? 'Not read',
          },
          {
            id: 'reason',
            header: 'Reason',
            cellClassName: 'max-w-md',
            cell: (hold) => (
              <>
                <span className="font-medium">{humanize(hold.code)}</span>
                <span className="block text-xs text-slate-600">{hold.detail}</span>
              </>
            ),
          },
          {
            id: 'amount',
            header: 'Amount',
            align: 'right',
            cellClassName: 'whitespace-nowrap',
            cell: (hold) => formatMoney(hold.invoice.total, hold.invoice.currency || 'USD'),
          },
          { id: 'age', header: 'Age', cellClassName: 'whitespace-nowrap', cell: (hold) => age(hold.created_at) },
        ]}
        after={(data) => (
          <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={(next) => update({ page: next })} />
        )}
      />
    </div>
  );
}
