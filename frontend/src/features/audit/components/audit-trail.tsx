import { DataTable } from '@/components/ui/data-table';
import { ExportLinks } from '@/components/ui/export-links';
import { Field, Input } from '@/components/ui/field';
import { FilterSelect } from '@/components/ui/filter-select';
import { Pagination } from '@/components/ui/pagination';
import { SearchBox } from '@/components/ui/search-box';
import { formatDateTime, humanize } from '@/lib/format';
import { useKeepPageInRange, useListParams } from '@/lib/use-list-params';
import type { AuditEvent } from '@/types';

import { useAuditEvents } from '../api/get-audit-events';

const PAGE_SIZE = 25;
const PARAM_KEYS = ['search', 'action', 'actor_email', 'since', 'until'] as const;
// Prefixes: "purchase_order" finds every action on orders.
const AREAS = [
  { value: 'purchase_request', label: 'Purchase requests' },
  { value: 'purchase_order', label: 'Purchase orders' },
  { value: 'goods_', label: 'Receipts and returns' },
  { value: 'invoice', label: 'Invoices' },
  { value: 'payment', label: 'Payments' },
  { value: 'vendor', label: 'Vendors' },
  { value: 'user', label: 'Users' },
  { value: 'admin', label: 'Admin site' },
];

/** The fields an event changed: "status: ISSUED → CANCELLED", one per line. */
function Changes({ event }: { event: AuditEvent }) {
  const before = event.before ?? {};
  const after = event.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  if (keys.length === 0) return <span className="text-slate-500">—</span>;
  const shown = (value: unknown) =>
    value === undefined || value === null ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return (
    <ul className="space-y-0.5">
      {keys.slice(0, 8).map((key) => (
        <li key={key} className="[overflow-wrap:anywhere]">
          <span className="font-medium">{key}</span>: {key in before && <>{shown(before[key])} → </>}
          {shown(after[key])}
        </li>
      ))}
      {keys.length > 8 && <li className="text-slate-500">and {keys.length - 8} more (in the export)</li>}
    </ul>
  );
}

/** Finance's audit trail: every change, filtered by object, person, action and day, with before and after. */
export function AuditTrail() {
  const { values, page, update } = useListParams(PARAM_KEYS);
  const filters = {
    search: values.search || undefined,
    action: values.action || undefined,
    actor_email: values.actor_email || undefined,
    since: values.since || undefined,
    until: values.until || undefined,
  };
  const query = useAuditEvents({ ...filters, page, page_size: PAGE_SIZE });
  useKeepPageInRange(page, query, update);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          value={values.search}
          onSearch={(search) => update({ search })}
          label="Object"
          placeholder="PO-2026-000045, PR-…, invoice number"
        />
        <SearchBox
          value={values.actor_email}
          onSearch={(actor_email) => update({ actor_email })}
          label="Who"
          placeholder="e-mail"
        />
        <FilterSelect
          label="Area"
          allLabel="Everything"
          value={values.action}
          options={AREAS}
          onChange={(action) => update({ action })}
        />
        <Field label="From">
          {(props) => (
            <Input {...props} type="date" value={values.since} onChange={(e) => update({ since: e.target.value })} />
          )}
        </Field>
        <Field label="To">
          {(props) => (
            <Input {...props} type="date" value={values.until} onChange={(e) => update({ until: e.target.value })} />
          )}
        </Field>
        <div className="ml-auto">
          <ExportLinks path="/api/audit-events/" params={filters} />
        </div>
      </div>
      <DataTable
        query={query}
        rows={(data) => data.results}
        rowKey={(event) => event.id}
        caption="Audit trail"
        loadingLabel="Loading the audit trail"
        emptyTitle="No events"
        emptyText="Nothing matches these filters."
        columns={[
          {
            id: 'when',
            header: 'When',
            cellClassName: 'whitespace-nowrap',
            cell: (event) => formatDateTime(event.created_at),
          },
          { id: 'who', header: 'Who', cell: (event) => event.actor_email ?? 'automatic' },
          { id: 'action', header: 'Action', cell: (event) => humanize(event.action.replace('.', ' ')) },
          {
            id: 'object',
            header: 'Object',
            cellClassName: 'max-w-[14rem] break-words',
            cell: (event) => event.object_repr,
          },
          {
            id: 'changes',
            header: 'Before → after',
            cellClassName: 'max-w-md text-xs',
            cell: (event) => <Changes event={event} />,
          },
        ]}
        after={(data) => (
          <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={(next) => update({ page: next })} />
        )}
      />
    </div>
  );
}
