import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { Field, Textarea } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { errorMessage } from '@/components/ui/states';
import { cn } from '@/lib/cn';
import { formatDateTime, humanize } from '@/lib/format';
import { notify } from '@/stores/ui-store';
import type { InvoiceDetail, InvoiceHold } from '@/types';

import { useReleaseHold } from '../api/invoice-actions';

const OWNER: Record<string, string> = {
  procurement: 'Procurement',
  requester: 'The requester (then procurement)',
  finance: 'Finance',
};

function ReleaseForm({ invoiceId, hold }: { invoiceId: number; hold: InvoiceHold }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const release = useReleaseHold(invoiceId);
  if (!open)
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Release…
      </Button>
    );
  return (
    <form
      className="mt-3 space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (!reason.trim()) return setError('Say why the invoice may be paid anyway.');
        release.mutate(
          { holdId: hold.id, reason: reason.trim() },
          {
            onSuccess: () => notify('success', 'Hold released.'),
            onError: (failure) => setError(errorMessage(failure)),
          },
        );
      }}
    >
      <Field label="Reason for releasing" error={error} hint="Recorded in the invoice's history.">
        {(props) => <Textarea {...props} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <div className="flex gap-2">
        <Button type="submit" loading={release.isPending}>
          Release hold
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          Keep it
        </Button>
      </div>
    </form>
  );
}

/** The holds of an invoice: open ones first, each with its sentence and who may release it. */
export function InvoiceHolds({ invoice }: { invoice: InvoiceDetail }) {
  if (invoice.holds.length === 0) return null;
  const holds = [...invoice.holds].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open'));
  return (
    <Card title="Holds">
      <ul className="divide-y divide-slate-100">
        {holds.map((hold) => (
          <li key={hold.id} className="py-3 first:pt-0 last:pb-0">
            <div className="flex flex-wrap items-center gap-2">
              <span
                className={cn(
                  'rounded-full px-2 py-0.5 text-xs font-medium',
                  hold.status === 'open' ? 'bg-amber-100 text-amber-900' : 'bg-slate-100 text-slate-700',
                )}
              >
                {humanize(hold.code)}
              </span>
              <span className="text-xs text-slate-600">
                {hold.status === 'open'
                  ? `Waiting on ${OWNER[hold.owner_role]?.toLowerCase() ?? hold.owner_role}`
                  : hold.status === 'released'
                    ? `Released by ${hold.released_by?.full_name || hold.released_by?.email} ${formatDateTime(hold.released_at)}`
                    : `Cleared by the match ${formatDateTime(hold.released_at)}`}
              </span>
            </div>
            <p className="mt-1 text-sm text-slate-800">{hold.detail}</p>
            {hold.status === 'released' && <p className="mt-1 text-sm text-slate-600">Reason: {hold.reason}</p>}
            {hold.may_release && <ReleaseForm invoiceId={invoice.id} hold={hold} />}
          </li>
        ))}
      </ul>
    </Card>
  );
}
