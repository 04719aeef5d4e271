import { Link } from 'react-router';

import { Button } from '@/components/ui/button';
import { Table } from '@/components/ui/data-table';
import { Card, PageHeader } from '@/components/ui/page-header';
import { Alert, errorMessage } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatDate, formatDateTime, formatMoney } from '@/lib/format';
import { notify } from '@/stores/ui-store';
import type { Payment, PaymentRunDetail as Run } from '@/types';

import { useDownloadRunFile, usePaymentRunAction, useUpdatePaymentRun, type RunAction } from '../api/payments';

const DONE: Record<RunAction, string> = {
  approve: 'Run approved: download its file for the bank.',
  cancel: 'Run cancelled: its invoices can be paid in another run.',
  'mark-paid': 'Run marked paid: its invoices are paid and the vendors get their remittance advice.',
};

function PaymentCard({ payment, run, onRemove }: { payment: Payment; run: Run; onRemove?: (invoice: number) => void }) {
  const account = payment.bank_account;
  return (
    <Card
      title={
        <span className="flex flex-wrap items-center gap-2">
          {payment.vendor.name}
          <span className="text-sm font-normal text-slate-600">
            {formatMoney(payment.amount, payment.currency)}
            {Number(payment.discount) > 0 && ` after ${formatMoney(payment.discount, payment.currency)} discount`}
          </span>
          {payment.paid_on && <StatusBadge status="PAID" />}
        </span>
      }
    >
      <p className="mb-2 text-xs text-slate-600">
        To {account.holder},{' '}
        <span className="font-mono">{account.iban || `${account.account_number} / ${account.bank_code}`}</span>
        {account.bic && ` (${account.bic})`} ·{' '}
        {payment.sepa ? 'SEPA credit transfer' : 'in the CSV for the bank portal'} · id{' '}
        <span className="font-mono">{payment.end_to_end_id}</span>
        {payment.paid_on && ` · paid ${formatDate(payment.paid_on)}`}
      </p>
      <Table
        caption={`Documents paid to ${payment.vendor.name}`}
        variant="plain"
        rows={payment.items}
        rowKey={(item) => item.invoice.id}
        columns={[
          {
            id: 'invoice',
            header: 'Document',
            cell: (item) => (
              <Link className="text-indigo-700 hover:underline" to={`/invoices/${item.invoice.id}`}>
                {item.invoice.kind === 'credit_note' ? 'Credit note ' : ''}
                {item.invoice.number || `#${item.invoice.id}`}
              </Link>
            ),
          },
          {
            id: 'date',
            header: 'Dated',
            className: 'hidden sm:table-cell',
            cell: (item) => formatDate(item.invoice.invoice_date),
          },
          { id: 'due', header: 'Due', cell: (item) => formatDate(item.invoice.due_date) },
          {
            id: 'discount',
            header: 'Discount',
            align: 'right',
            className: 'hidden sm:table-cell',
            cell: (item) => (Number(item.discount) > 0 ? formatMoney(item.discount, payment.currency) : '—'),
          },
          {
            id: 'amount',
            header: 'To pay',
            align: 'right',
            cell: (item) => formatMoney(item.amount, payment.currency),
          },
          ...(onRemove && run.status === 'DRAFT'
            ? [
                {
                  id: 'remove',
                  header: 'Actions',
                  srOnly: true,
                  cellClassName: 'text-right',
                  cell: (item: Payment['items'][number]) => (
                    <Button size="sm" variant="ghost" onClick={() => onRemove(item.invoice.id)}>
                      Remove
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

/** A run: its payments per vendor with the invoices and credit notes in each, what the
 * proposal left out and why, and the next step (approve, download, mark paid). */
export function PaymentRunDetail({ run, canManage }: { run: Run; canManage: boolean }) {
  const approve = usePaymentRunAction(run.id, 'approve');
  const cancel = usePaymentRunAction(run.id, 'cancel');
  const markPaid = usePaymentRunAction(run.id, 'mark-paid');
  const update = useUpdatePaymentRun(run.id);
  const download = useDownloadRunFile(run.id, run.number);
  const done = (action: RunAction) => ({
    onSuccess: () => notify('success', DONE[action]),
    onError: (error: unknown) => notify('error', errorMessage(error)),
  });
  const change = (body: { add?: number[]; remove?: number[] }, message: string) =>
    update.mutate(body, {
      onSuccess: () => notify('success', message),
      onError: (error) => notify('error', errorMessage(error)),
    });
  const exported = run.status === 'EXPORTED' || run.status === 'PAID';

  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            Payment run {run.number} <StatusBadge status={run.status} />
          </span>
        }
        description={
          <>
            Pays on {formatDate(run.pay_date)} what is due by {formatDate(run.due_by)}, from {run.company_account.name}{' '}
            (<span className="font-mono">{run.company_account.iban}</span>) · prepared by {run.created_by.full_name}
            {run.approved_by && ` · approved by ${run.approved_by.full_name} ${formatDateTime(run.approved_at)}`}
          </>
        }
        actions={
          canManage && (
            <>
              {run.status === 'DRAFT' && (
                <Button
                  disabled={!run.may_approve}
                  title={run.may_approve ? undefined : 'You prepared this run: another finance user approves it.'}
                  loading={approve.isPending}
                  onClick={() => approve.mutate(undefined, done('approve'))}
                >
                  Approve
                </Button>
              )}
              {(run.status === 'APPROVED' || exported) && run.has_sepa_file && (
                <Button
                  variant="secondary"
                  loading={download.isPending}
                  onClick={() => download.mutate('sepa', { onError: (e) => notify('error', errorMessage(e)) })}
                >
                  Download SEPA file
                </Button>
              )}
              {(run.status === 'APPROVED' || exported) && run.has_other_file && (
                <Button
                  variant="secondary"
                  loading={download.isPending}
                  onClick={() => download.mutate('csv', { onError: (e) => notify('error', errorMessage(e)) })}
                >
                  Download CSV
                </Button>
              )}
              {run.status === 'EXPORTED' && (
                <Button
                  loading={markPaid.isPending}
                  onClick={() => {
                    if (
                      window.confirm(
                        'Mark every payment of this run paid? Do this only when the bank has paid them (a bank statement does it by itself).',
                      )
                    )
                      markPaid.mutate({}, done('mark-paid'));
                  }}
                >
                  Mark paid
                </Button>
              )}
              {(run.status === 'DRAFT' || run.status === 'APPROVED') && (
                <Button
                  variant="danger"
                  loading={cancel.isPending}
                  onClick={() => {
                    if (window.confirm('Cancel this run? Its invoices go back to approved, to be paid in another run.'))
                      cancel.mutate({}, done('cancel'));
                  }}
                >
                  Cancel run
                </Button>
              )}
            </>
          )
        }
      />
      {run.status === 'APPROVED' && (
        <Alert kind="info">
          Approved. The first download exports the run; every later download gives the same file.
        </Alert>
      )}
      {run.status === 'EXPORTED' && (
        <Alert kind="info">
          Exported {formatDateTime(run.exported_at)}. Upload the bank statement to confirm the payments, or mark the run
          paid by hand.
        </Alert>
      )}
      <Card title="Totals">
        <ul className="text-sm">
          {run.totals.map((total) => (
            <li key={total.currency}>
              {formatMoney(total.amount, total.currency)}
              {Number(total.discount) > 0 &&
                ` (saving ${formatMoney(total.discount, total.currency)} in early-payment discounts)`}
            </li>
          ))}
          {run.totals.length === 0 && <li>Nothing to pay.</li>}
        </ul>
      </Card>
      {run.payments.map((payment) => (
        <PaymentCard
          key={payment.id}
          payment={payment}
          run={run}
          onRemove={canManage ? (invoice) => change({ remove: [invoice] }, 'Taken out of the run.') : undefined}
        />
      ))}
      {run.excluded.length > 0 && (
        <Card title="Left out of the proposal">
          <Table
            caption="Invoices left out, and why"
            variant="plain"
            rows={run.excluded}
            rowKey={(row) => row.invoice}
            columns={[
              {
                id: 'invoice',
                header: 'Document',
                cell: (row) => (
                  <Link className="text-indigo-700 hover:underline" to={`/invoices/${row.invoice}`}>
                    {row.kind === 'credit_note' ? 'Credit note ' : ''}
                    {row.number || `#${row.invoice}`}
                  </Link>
                ),
              },
              { id: 'vendor', header: 'Vendor', cell: (row) => row.vendor_name },
              { id: 'amount', header: 'Amount', align: 'right', cell: (row) => formatMoney(row.amount, row.currency) },
              { id: 'reason', header: 'Why', cell: (row) => row.reason },
              ...(canManage && run.status === 'DRAFT'
                ? [
                    {
                      id: 'add',
                      header: 'Actions',
                      srOnly: true,
                      cellClassName: 'text-right',
                      cell: (row: Run['excluded'][number]) => (
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => change({ add: [row.invoice] }, 'Added to the run.')}
                        >
                          Add
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
    </div>
  );
}
