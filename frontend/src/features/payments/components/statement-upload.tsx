import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/ui/button';
import { Table } from '@/components/ui/data-table';
import { Field, Input } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { Alert, errorMessage } from '@/components/ui/states';
import { formatBytes, formatDateTime } from '@/lib/format';
import type { BankStatement, StatementEntry } from '@/types';

import { MAX_STATEMENT_BYTES, useBankStatements, useUploadStatement } from '../api/payments';

function Entries({ caption, rows, reason }: { caption: string; rows: StatementEntry[]; reason?: boolean }) {
  if (rows.length === 0) return null;
  return (
    <div>
      <h3 className="mb-1 text-sm font-semibold text-slate-800">{caption}</h3>
      <Table
        caption={caption}
        variant="plain"
        rows={rows}
        rowKey={(row) => `${row.reference}-${row.end_to_end_id}-${row.amount}`}
        columns={[
          { id: 'creditor', header: 'Paid to', cell: (row) => row.creditor || row.creditor_iban || '—' },
          { id: 'amount', header: 'Amount', align: 'right', cell: (row) => `${row.amount} ${row.currency}` },
          {
            id: 'id',
            header: 'End-to-end id',
            className: 'hidden sm:table-cell',
            cell: (row) => row.end_to_end_id || '—',
          },
          { id: 'booked', header: 'Booked', className: 'hidden sm:table-cell', cell: (row) => row.booked_on },
          reason
            ? { id: 'reason', header: 'Why not matched', cell: (row) => row.reason }
            : { id: 'run', header: 'Run', cell: (row) => row.run ?? '—' },
        ]}
      />
    </div>
  );
}

function Result({ statement }: { statement: BankStatement }) {
  const { counts } = statement.result;
  return (
    <div className="space-y-4">
      <Alert kind={counts.unmatched > 0 ? 'info' : 'success'}>
        {statement.already_imported
          ? `This statement was imported ${formatDateTime(statement.created_at)}: nothing changed. `
          : ''}
        {counts.debits} booked {counts.debits === 1 ? 'debit' : 'debits'}: {counts.matched} matched a payment and{' '}
        {counts.matched === 1 ? 'is' : 'are'} now paid, {counts.already_paid} paid already, {counts.unmatched}{' '}
        {counts.unmatched === 1 ? 'needs' : 'need'} a person.
      </Alert>
      <Entries caption="Matched" rows={statement.result.matched} />
      <Entries caption="Already paid" rows={statement.result.already_paid} />
      <Entries caption="Not matched" rows={statement.result.unmatched} reason />
    </div>
  );
}

/** Upload a camt.053 statement; its booked debits confirm the exported payments they pay. */
export function StatementUpload() {
  const upload = useUploadStatement();
  const statements = useBankStatements();
  const [file, setFile] = useState<File | null>(null);
  const tooLarge = file !== null && file.size > MAX_STATEMENT_BYTES;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file && !tooLarge) upload.mutate(file);
  };
  return (
    <div className="space-y-6">
      <Card title="Upload a bank statement">
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3" noValidate>
          <Field
            label="camt.053 statement (XML)"
            error={tooLarge ? `The file is too large: the limit is ${formatBytes(MAX_STATEMENT_BYTES)}` : undefined}
          >
            {(props) => (
              <Input
                {...props}
                type="file"
                accept=".xml,application/xml,text/xml"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
            )}
          </Field>
          <Button type="submit" disabled={!file || tooLarge} loading={upload.isPending}>
            Match the statement
          </Button>
        </form>
        {upload.isError && (
          <div className="mt-3">
            <Alert>{errorMessage(upload.error)}</Alert>
          </div>
        )}
        {upload.data && (
          <div className="mt-4">
            <Result statement={upload.data} />
          </div>
        )}
      </Card>
      <Card title="Imported statements">
        {statements.data && statements.data.results.length > 0 ? (
          <Table
            caption="Imported statements"
            variant="plain"
            rows={statements.data.results}
            rowKey={(statement) => statement.id}
            columns={[
              { id: 'id', header: 'Statement', cell: (statement) => statement.statement_id || statement.file_name },
              {
                id: 'account',
                header: 'Account',
                className: 'hidden sm:table-cell',
                cell: (statement) => statement.company_account.name,
              },
              {
                id: 'counts',
                header: 'Debits',
                cell: (statement) =>
                  `${statement.result.counts.matched} matched, ${statement.result.counts.unmatched} not matched`,
              },
              {
                id: 'when',
                header: 'Imported',
                cell: (statement) => `${formatDateTime(statement.created_at)} by ${statement.imported_by.full_name}`,
              },
            ]}
          />
        ) : (
          <p className="text-sm text-slate-600">
            No statement yet. Runs that were exported are confirmed paid by their statement, or by hand on the{' '}
            <Link className="text-indigo-700 underline" to="/payment-runs">
              run
            </Link>
            .
          </p>
        )}
      </Card>
    </div>
  );
}
