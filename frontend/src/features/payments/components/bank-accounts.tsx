import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { Table } from '@/components/ui/data-table';
import { Field, Input } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { TableSkeleton } from '@/components/ui/skeleton';
import { Alert, ErrorState, errorMessage } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { fieldError } from '@/lib/form-errors';
import { formatDate } from '@/lib/format';
import { notify } from '@/stores/ui-store';
import type { BankAccount } from '@/types';

import { useBankAccountChange, useBankAccounts, useCreateBankAccount } from '../api/payments';

const EMPTY = { holder: '', iban: '', bic: '', account_number: '', bank_code: '', currency: '' };

/** A vendor's bank accounts: a new one is unconfirmed until someone other than who entered it
 * confirms it, and nothing is paid to it before. */
export function VendorBankAccounts({
  vendorId,
  vendorName,
  currency,
}: {
  vendorId: number;
  vendorName: string;
  currency: string;
}) {
  const accounts = useBankAccounts(vendorId);
  const create = useCreateBankAccount(vendorId);
  const change = useBankAccountChange(vendorId);
  const [adding, setAdding] = useState(false);
  const [values, setValues] = useState({ ...EMPTY, holder: vendorName, currency });
  const local = !values.iban.trim() && (values.account_number.trim() !== '' || values.bank_code.trim() !== '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { ...values, currency: values.currency.toUpperCase() },
      {
        onSuccess: () => {
          notify('success', 'Account added. It is paid only once someone else confirms it; the vendor was told.');
          setAdding(false);
          setValues({ ...EMPTY, holder: vendorName, currency });
        },
      },
    );
  };
  const act = (account: BankAccount, what: 'confirm' | 'default' | 'retire') => {
    if (
      what === 'retire' &&
      !window.confirm(`Retire the account ${account.iban || account.account_number}? It will never be paid again.`)
    )
      return;
    if (
      what === 'confirm' &&
      !window.confirm(
        `Confirm ${account.iban || account.account_number} for ${vendorName}? Check it with the vendor on a number you already know, not one from the e-mail or letter that announced it.`,
      )
    )
      return;
    const body = what === 'confirm' ? 'confirm' : what === 'default' ? { is_default: true } : { is_active: false };
    change.mutate(
      { id: account.id, change: body },
      {
        onSuccess: () => notify('success', what === 'confirm' ? 'Account confirmed.' : 'Account updated.'),
        onError: (error) => notify('error', errorMessage(error)),
      },
    );
  };

  const unconfirmed =
    accounts.data?.results.filter((account) => account.is_active && account.status === 'unconfirmed') ?? [];
  return (
    <Card
      title="Bank accounts"
      actions={
        !adding && (
          <Button size="sm" onClick={() => setAdding(true)}>
            Add an account
          </Button>
        )
      }
    >
      <div className="space-y-4">
        {unconfirmed.length > 0 && (
          <Alert kind="info">
            {unconfirmed.length === 1 ? 'One account is' : `${unconfirmed.length} accounts are`} not confirmed: payment
            runs leave this vendor out until someone other than who entered it confirms it. Changed bank details are the
            most common payment fraud; check them with the vendor by phone.
          </Alert>
        )}
        {adding && (
          <form
            onSubmit={submit}
            className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2"
            noValidate
          >
            <Field label="Account holder" error={fieldError(create.error, 'holder')}>
              {(props) => (
                <Input
                  {...props}
                  value={values.holder}
                  onChange={(e) => setValues({ ...values, holder: e.target.value })}
                  required
                />
              )}
            </Field>
            <Field label="Currency" error={fieldError(create.error, 'currency')}>
              {(props) => (
                <Input
                  {...props}
                  value={values.currency}
                  maxLength={3}
                  onChange={(e) => setValues({ ...values, currency: e.target.value })}
                />
              )}
            </Field>
            <Field label="IBAN" hint="Spaces are fine." error={fieldError(create.error, 'iban')}>
              {(props) => (
                <Input
                  {...props}
                  value={values.iban}
                  autoComplete="off"
                  onChange={(e) => setValues({ ...values, iban: e.target.value })}
                />
              )}
            </Field>
            <Field label="BIC" hint="Filled in from the IBAN when left empty." error={fieldError(create.error, 'bic')}>
              {(props) => (
                <Input
                  {...props}
                  value={values.bic}
                  autoComplete="off"
                  onChange={(e) => setValues({ ...values, bic: e.target.value })}
                />
              )}
            </Field>
            <Field
              label="Account number"
              hint="Only outside IBAN countries."
              error={fieldError(create.error, 'account_number')}
            >
              {(props) => (
                <Input
                  {...props}
                  value={values.account_number}
                  onChange={(e) => setValues({ ...values, account_number: e.target.value })}
                />
              )}
            </Field>
            <Field
              label="Bank code"
              hint="Routing or sort code, with an account number."
              error={fieldError(create.error, 'bank_code')}
            >
              {(props) => (
                <Input
                  {...props}
                  value={values.bank_code}
                  required={local}
                  onChange={(e) => setValues({ ...values, bank_code: e.target.value })}
                />
              )}
            </Field>
            {create.isError && !fieldError(create.error, 'iban') && !fieldError(create.error, 'bic') && (
              <div className="sm:col-span-2">
                <Alert>{errorMessage(create.error)}</Alert>
              </div>
            )}
            <div className="flex gap-2 sm:col-span-2">
              <Button type="submit" loading={create.isPending}>
                Save account
              </Button>
              <Button variant="secondary" onClick={() => setAdding(false)}>
                Cancel
              </Button>
            </div>
          </form>
        )}
        {accounts.isError ? (
          <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />
        ) : accounts.isPending ? (
          <TableSkeleton label="Loading bank accounts" />
        ) : accounts.data.results.length === 0 ? (
          <p className="text-sm text-slate-600">No bank account yet: this vendor cannot be paid by a payment run.</p>
        ) : (
          <Table
            caption={`Bank accounts of ${vendorName}`}
            variant="plain"
            rows={accounts.data.results}
            rowKey={(account) => account.id}
            columns={[
              {
                id: 'account',
                header: 'Account',
                cell: (account) => (
                  <span className={account.is_active ? '' : 'text-slate-400 line-through'}>
                    <span className="font-mono">
                      {account.iban || `${account.account_number} / ${account.bank_code}`}
                    </span>
                    <span className="block text-xs text-slate-500">
                      {account.holder}
                      {account.bank_name && ` · ${account.bank_name}`}
                      {account.bic && ` · ${account.bic}`}
                    </span>
                  </span>
                ),
              },
              {
                id: 'currency',
                header: 'Currency',
                cell: (account) => `${account.currency}${account.is_default ? ' (default)' : ''}`,
              },
              {
                id: 'status',
                header: 'Status',
                cell: (account) =>
                  account.is_active ? (
                    <span>
                      <StatusBadge status={account.status?.toUpperCase()} />{' '}
                      <span className="text-xs text-slate-600">
                        {account.status === 'confirmed'
                          ? `by ${account.confirmed_by?.full_name ?? ''} ${formatDate(account.confirmed_at)}`
                          : `entered by ${account.entered_by.full_name}`}
                      </span>
                    </span>
                  ) : (
                    'Retired'
                  ),
              },
              {
                id: 'actions',
                header: 'Actions',
                srOnly: true,
                cellClassName: 'text-right whitespace-nowrap',
                cell: (account) =>
                  account.is_active && (
                    <span className="flex justify-end gap-1">
                      {account.may_confirm && (
                        <Button size="sm" onClick={() => act(account, 'confirm')}>
                          Confirm
                        </Button>
                      )}
                      {!account.is_default && (
                        <Button size="sm" variant="ghost" onClick={() => act(account, 'default')}>
                          Make default
                        </Button>
                      )}
                      <Button size="sm" variant="ghost" onClick={() => act(account, 'retire')}>
                        Retire
                      </Button>
                    </span>
                  ),
              },
            ]}
          />
        )}
      </div>
    </Card>
  );
}
