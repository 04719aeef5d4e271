import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';

import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';
import { Field, Input } from '@/components/ui/field';
import { enumOptions, FilterSelect } from '@/components/ui/filter-select';
import { Card } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Alert, errorMessage } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { fieldError } from '@/lib/form-errors';
import { formatDate, humanize } from '@/lib/format';
import { oneOf, useKeepPageInRange, useListParams } from '@/lib/use-list-params';
import { notify } from '@/stores/ui-store';
import type { PaymentRunStatus } from '@/types';

import { useCreatePaymentRun, usePaymentRuns } from '../api/payments';

const PAGE_SIZE = 20;
const STATUSES = ['DRAFT', 'APPROVED', 'EXPORTED', 'PAID', 'CANCELLED'] as const satisfies PaymentRunStatus[];
const PARAM_KEYS = ['status'] as const;

function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** A new run: the pay date and what falls due by when; the server proposes what to pay. */
export function NewPaymentRun() {
  const create = useCreatePaymentRun();
  const navigate = useNavigate();
  const [payDate, setPayDate] = useState(today);
  const [dueBy, setDueBy] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { pay_date: payDate, ...(dueBy ? { due_by: dueBy } : {}) },
      {
        onSuccess: (run) => {
          notify('success', `${run.number} proposed: check it, then ask another finance user to approve it.`);
          void navigate(`/payment-runs/${run.id}`);
        },
      },
    );
  };
  const general = create.isError && !fieldError(create.error, 'pay_date') ? errorMessage(create.error) : null;
  return (
    <Card title="New payment run">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" noValidate>
        <Field label="Pay date" error={fieldError(create.error, 'pay_date')}>
          {(props) => (
            <Input {...props} type="date" value={payDate} min={today()} onChange={(e) => setPayDate(e.target.value)} />
          )}
        </Field>
        <Field
          label="Pay what is due by"
          hint="Default: the pay date. Invoices with an early-payment discount are proposed too."
        >
          {(props) => <Input {...props} type="date" value={dueBy} onChange={(e) => setDueBy(e.target.value)} />}
        </Field>
        <Button type="submit" loading={create.isPending}>
          Propose a run
        </Button>
      </form>
      {general && (
        <div className="mt-3">
          <Alert>{general}</Alert>
        </div>
      )}
    </Card>
  );
}

export function PaymentRunsList() {
  const { values, page, update } = useListParams(PARAM_KEYS);
  const status = oneOf(STATUSES, values.status);
  const query = usePaymentRuns({ status, page, page_size: PAGE_SIZE });
  useKeepPageInRange(page, query, update);
  return (
    <div className="space-y-4">
      <FilterSelect
        label="Status"
        allLabel="All statuses"
        value={values.status}
        options={enumOptions(STATUSES, humanize)}
        onChange={(next) => update({ status: next })}
      />
      <DataTable
        query={query}
        rows={(data) => data.results}
        rowKey={(run) => run.id}
        caption="Payment runs"
        rowClassName="hover:bg-slate-50"
        loadingLabel="Loading payment runs"
        emptyTitle="No payment runs"
        emptyText={
          values.status ? 'Nothing matches this filter.' : 'Propose a run to pay the approved invoices that fall due.'
        }
        columns={[
          {
            id: 'number',
            header: 'Run',
            cellClassName: 'font-medium whitespace-nowrap',
            cell: (run) => (
              <Link className="text-indigo-700 hover:underline" to={`/payment-runs/${run.id}`}>
                {run.number}
              </Link>
            ),
          },
          { id: 'status', header: 'Status', cell: (run) => <StatusBadge status={run.status} /> },
          { id: 'pay_date', header: 'Pay date', cell: (run) => formatDate(run.pay_date) },
          {
            id: 'size',
            header: 'Payments',
            className: 'hidden sm:table-cell',
            cell: (run) => `${run.payment_count} payments, ${run.invoice_count} documents`,
          },
          {
            id: 'people',
            header: 'Prepared / approved by',
            className: 'hidden md:table-cell',
            cell: (run) => `${run.created_by.full_name ?? ''} / ${run.approved_by?.full_name ?? '—'}`,
          },
        ]}
        after={(data) => (
          <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={(next) => update({ page: next })} />
        )}
      />
    </div>
  );
}
