import { useState } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, Select } from '@/components/ui/field';
import { Pagination } from '@/components/ui/pagination';
import { SearchBox } from '@/components/ui/search-box';
import { TableSkeleton } from '@/components/ui/skeleton';
import { Alert, EmptyState, ErrorState, errorMessage } from '@/components/ui/states';
import { formatDate, formatMoney } from '@/lib/format';
import { useKeepPageInRange, useListParams } from '@/lib/use-list-params';

import { DecisionForm } from './decision-form';
import { useBulkDecide } from '../api/bulk-decide';
import { DASHBOARD_INBOX_FILTERS, useApprovals, type ApprovalFilters } from '../api/get-approvals';

const PAGE_SIZE = 20;
const KEYS = ['ordering', 'search'] as const;
const ORDERINGS: { value: NonNullable<ApprovalFilters['ordering']>; label: string }[] = [
  { value: 'age', label: 'Oldest first' },
  { value: '-age', label: 'Newest first' },
  { value: '-amount', label: 'Largest amount first' },
  { value: 'amount', label: 'Smallest amount first' },
  { value: 'requester', label: 'By requester' },
];

/** "waiting 3 days" since the request was submitted. */
export function waitingFor(submittedAt: string | null | undefined, now = Date.now()): string {
  if (!submittedAt) return '';
  const days = Math.floor((now - new Date(submittedAt).getTime()) / 86_400_000);
  if (days < 1) return 'waiting since today';
  return `waiting ${days} day${days === 1 ? '' : 's'}`;
}

/** The caller's approval inbox; `compact` (the dashboard) shows the first few with quick actions and polls. */
export function ApprovalsInbox({ compact = false }: { compact?: boolean }) {
  const { values, page, update } = useListParams(KEYS);
  const ordering = ORDERINGS.find((option) => option.value === values.ordering)?.value ?? 'age';
  const inbox = useApprovals(
    compact ? DASHBOARD_INBOX_FILTERS : { page, page_size: PAGE_SIZE, ordering, search: values.search || undefined },
    compact ? { refetchInterval: 15_000 } : {},
  );
  useKeepPageInRange(compact ? 1 : page, inbox, update);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: string[]; failed: string[] } | null>(null);
  const bulk = useBulkDecide();

  // What the last bulk decision did, shown even when it emptied the inbox.
  const outcomeAlerts = outcome && (
    <div className="mb-3 space-y-2">
      {outcome.ok.length > 0 && <Alert kind="success">Approved: {outcome.ok.join(', ')}.</Alert>}
      {outcome.failed.length > 0 && <Alert>Not approved: {outcome.failed.join('; ')}</Alert>}
    </div>
  );
  // Search and sort stay on screen whatever the list shows.
  const filters = !compact && (
    <div className="mb-3 flex flex-wrap items-end gap-3">
      <SearchBox
        value={values.search}
        onSearch={(search) => update({ search })}
        label="Search"
        placeholder="Number or title"
      />
      <Field label="Sort" className="w-56">
        {(props) => (
          <Select {...props} value={ordering} onChange={(event) => update({ ordering: event.target.value })}>
            {ORDERINGS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </div>
  );
  if (inbox.isPending) return <TableSkeleton label="Loading approvals" />;
  if (inbox.isError) return <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />;
  if (inbox.data.results.length === 0) {
    return (
      <>
        {filters}
        {outcomeAlerts}
        {values.search ? (
          <EmptyState title="No waiting request matches">Try another number or title, or clear the search.</EmptyState>
        ) : (
          <EmptyState title="Nothing waits for you">Requests that need your approval appear here.</EmptyState>
        )}
      </>
    );
  }
  const rows = inbox.data.results;
  const numbers = new Map(rows.map((item) => [item.purchase_request.id, item.purchase_request.number]));
  const chosen = [...selected].filter((id) => numbers.has(id));
  const allChosen = chosen.length === rows.length;
  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const approveChosen = () =>
    bulk.mutate(
      chosen.map((id) => ({ purchase_request: id, action: 'approve' as const })),
      {
        onSuccess: (results) => {
          const label = (result: (typeof results)[number]) => numbers.get(Number(result.purchase_request)) ?? '';
          setOutcome({
            ok: results.filter((result) => result.ok).map(label),
            failed: results
              .filter((result) => !result.ok)
              .map((result) => `${label(result)}: ${String(result.error?.detail ?? 'not decided')}`),
          });
          setSelected(new Set());
          setConfirming(false);
        },
        onError: () => setConfirming(false),
      },
    );
  return (
    <div>
      {filters}
      {!compact && (
        <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
          <div className="flex flex-wrap items-center gap-3">
            <label className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                className="h-4 w-4"
                checked={allChosen}
                onChange={() =>
                  setSelected(allChosen ? new Set() : new Set(rows.map((item) => item.purchase_request.id)))
                }
              />
              Select all on this page
            </label>
            <Button disabled={chosen.length === 0} onClick={() => setConfirming(true)}>
              Approve selected{chosen.length ? ` (${chosen.length})` : ''}
            </Button>
          </div>
        </div>
      )}
      {outcomeAlerts}
      {bulk.isError && <Alert>{errorMessage(bulk.error)}</Alert>}
      <ul className="space-y-3">
        {rows.map((item) => {
          const request = item.purchase_request;
          return (
            <li key={item.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="flex items-start gap-3">
                  {!compact && (
                    <input
                      type="checkbox"
                      className="mt-1 h-4 w-4"
                      aria-label={`Select ${request.number}`}
                      checked={selected.has(request.id)}
                      onChange={() => toggle(request.id)}
                    />
                  )}
                  <div>
                    <Link
                      to={`/purchase-requests/${request.id}`}
                      className="font-medium text-indigo-700 hover:underline"
                    >
                      {request.number}
                    </Link>
                    <span className="ml-2 text-slate-900">{request.title}</span>
                    <p className="text-sm text-slate-500">
                      {request.requester.full_name || request.requester.email} · {request.department.name} · submitted{' '}
                      {formatDate(request.submitted_at)} · {waitingFor(request.submitted_at)} · step {item.sequence}
                      {item.on_behalf_of && ` · for ${item.on_behalf_of.full_name || item.on_behalf_of.email}`}
                    </p>
                  </div>
                </div>
                <span className="text-lg font-semibold tabular-nums">
                  {formatMoney(request.total, request.currency)}
                </span>
              </div>
              <div className="mt-3">
                <DecisionForm requestId={request.id} requestNumber={request.number} compact={compact} />
              </div>
            </li>
          );
        })}
      </ul>
      {!compact && (
        <Pagination
          page={page}
          pageSize={PAGE_SIZE}
          count={inbox.data.count}
          onPage={(next) => update({ page: next })}
        />
      )}
      <ConfirmDialog
        open={confirming}
        title={`Approve ${chosen.length} request${chosen.length === 1 ? '' : 's'}?`}
        confirmLabel="Approve them"
        busy={bulk.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={approveChosen}
      >
        {chosen.map((id) => numbers.get(id)).join(', ')}. Each is decided on its own: one that someone else decided
        first is reported and the others still go through.
      </ConfirmDialog>
    </div>
  );
}
