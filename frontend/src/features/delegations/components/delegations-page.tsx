import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { Combobox, type ComboboxOption } from '@/components/ui/combobox';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, Input } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { Alert, errorMessage } from '@/components/ui/states';
import { fieldError } from '@/lib/form-errors';
import { formatDate } from '@/lib/format';
import { notify } from '@/stores/ui-store';
import type { DelegationOutput, Me } from '@/types';

import { searchApprovers, useCreateDelegation, useDelegations, useEndDelegation } from '../api/delegations';

const today = () => new Date().toLocaleDateString('en-CA'); // YYYY-MM-DD in the local time zone

function state(delegation: DelegationOutput): string {
  if (delegation.ended_early_at) return 'ended early';
  const now = today();
  if (delegation.ends_on < now) return 'over';
  return delegation.starts_on <= now ? 'active now' : 'planned';
}

/** Away and delegation: who decides my approvals while I am away, and what others handed to me. */
export function DelegationsPage({ user }: { user: Me }) {
  const delegations = useDelegations();
  const create = useCreateDelegation();
  const end = useEndDelegation();
  const [delegate, setDelegate] = useState<ComboboxOption | null>(null);
  const [startsOn, setStartsOn] = useState(today());
  const [endsOn, setEndsOn] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [ending, setEnding] = useState<DelegationOutput | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!delegate) {
      setError(new Error('Choose who decides while you are away.'));
      return;
    }
    create.mutate(
      { delegate: delegate.id, starts_on: startsOn, ends_on: endsOn },
      {
        onSuccess: (created) => {
          notify('success', `Until ${formatDate(created.ends_on)}, ${created.delegate.email} decides your approvals.`);
          setDelegate(null);
          setEndsOn('');
        },
        onError: setError,
      },
    );
  };
  const given = delegations.data?.results.filter((d) => d.delegator.id === user.id) ?? [];
  const received = delegations.data?.results.filter((d) => d.delegate.id === user.id) ?? [];
  const general = Boolean(error) && !['delegate', 'starts_on', 'ends_on'].some((name) => fieldError(error, name));

  return (
    <div className="space-y-6">
      <Card title="Going away">
        <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-end">
          <Combobox
            className="sm:col-span-2"
            label="Who decides for you"
            value={delegate}
            onChange={setDelegate}
            search={searchApprovers}
            placeholder="Name or e-mail"
            error={fieldError(error, 'delegate')}
          />
          <Field label="From" error={fieldError(error, 'starts_on')}>
            {(props) => (
              <Input {...props} type="date" required value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
            )}
          </Field>
          <Field label="Until (included)" error={fieldError(error, 'ends_on')}>
            {(props) => (
              <Input {...props} type="date" required value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
            )}
          </Field>
          <div className="sm:col-span-2 lg:col-span-4">
            <p className="mb-3 text-sm text-slate-600">
              Steps waiting on you move to them now, and new ones go to them until you are back. When their limit is too
              low for a request, or they asked for it themselves, it goes up the line instead.
            </p>
            {general && <Alert>{errorMessage(error)}</Alert>}
            <Button type="submit" loading={create.isPending}>
              Hand over my approvals
            </Button>
          </div>
        </form>
      </Card>
      <Card title="My delegations">
        {given.length === 0 ? (
          <p className="text-sm text-slate-500">None. Your approvals wait on you.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {given.map((delegation) => (
              <li key={delegation.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {delegation.delegate.full_name || delegation.delegate.email}, {formatDate(delegation.starts_on)} to{' '}
                  {formatDate(delegation.ends_on)} · <span className="text-slate-600">{state(delegation)}</span>
                </span>
                {['active now', 'planned'].includes(state(delegation)) && (
                  <Button size="sm" variant="secondary" onClick={() => setEnding(delegation)}>
                    End now
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Handed to me">
        {received.length === 0 ? (
          <p className="text-sm text-slate-500">Nobody has handed their approvals to you.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {received.map((delegation) => (
              <li key={delegation.id} className="py-2">
                For {delegation.delegator.full_name || delegation.delegator.email}, {formatDate(delegation.starts_on)}{' '}
                to {formatDate(delegation.ends_on)} · <span className="text-slate-600">{state(delegation)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <ConfirmDialog
        open={ending !== null}
        title="End this delegation now?"
        confirmLabel="End it"
        busy={end.isPending}
        onCancel={() => setEnding(null)}
        onConfirm={() =>
          ending &&
          end.mutate(ending.id, {
            onSuccess: () => {
              setEnding(null);
              notify('success', 'Delegation ended: what still waits is back with you.');
            },
            onError: (failure) => {
              setEnding(null);
              setError(failure);
            },
          })
        }
      >
        The approvals still waiting on {ending?.delegate.email} come back to you.
      </ConfirmDialog>
    </div>
  );
}
