import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';

import { AdminForm } from '@/components/ui/admin-form';
import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { Field, Input } from '@/components/ui/field';
import { Pagination } from '@/components/ui/pagination';
import { SearchBox } from '@/components/ui/search-box';
import { Alert } from '@/components/ui/states';
import { isApiError } from '@/lib/api-client';
import { formatBytes, formatDate } from '@/lib/format';
import { useKeepPageInRange, useListParams } from '@/lib/use-list-params';
import { notify } from '@/stores/ui-store';
import type { ExchangeRate, ExchangeRateImportResult, ExchangeRateSource } from '@/types';

import {
  EXCHANGE_RATE_FIELDS,
  exchangeRateInputSchema,
  useCreateExchangeRate,
  type ExchangeRateFormValues,
  type ExchangeRateInput,
} from '../api/create-exchange-rate';
import { useExchangeRates } from '../api/get-exchange-rates';
import {
  MAX_RATE_FILE_BYTES,
  RATE_FILE_ACCEPT,
  RATE_FILE_FIELDS,
  rateFileInputSchema,
  useImportExchangeRates,
  type RateFileFormValues,
  type RateFileInput,
} from '../api/import-exchange-rates';

const PAGE_SIZE = 50;
const PARAM_KEYS = ['currency'] as const;

const SOURCE_LABELS: Record<ExchangeRateSource, string> = {
  manual: 'Entered by hand',
  csv: 'CSV import',
  ecb: 'ECB file',
};

/** A rate as the API sends it (10 decimals), without the trailing zeros past the fourth. */
export function formatRate(rate: string): string {
  const [whole, fraction = ''] = rate.split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(4, '0');
  return `${whole}.${trimmed}`;
}

/** Today in the browser's time zone, as YYYY-MM-DD (what a date input holds). */
export function todayIso(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function importSummary(result: ExchangeRateImportResult): string {
  return `Created ${result.created}, replaced ${result.replaced}, unchanged ${result.unchanged} (rates in ${result.base_currency}).`;
}

const columns: DataTableColumn<ExchangeRate>[] = [
  { id: 'currency', header: 'Currency', cellClassName: 'font-medium', cell: (rate) => rate.currency },
  { id: 'date', header: 'Date', cell: (rate) => <time dateTime={rate.date}>{formatDate(rate.date)}</time> },
  { id: 'rate', header: 'Rate', align: 'right', cell: (rate) => formatRate(rate.rate) },
  {
    id: 'source',
    header: 'Source',
    className: 'hidden sm:table-cell',
    cell: (rate) => SOURCE_LABELS[rate.source ?? 'manual'],
  },
  {
    id: 'created_by',
    header: 'Entered by',
    className: 'hidden md:table-cell',
    cell: (rate) => (rate.created_by ? rate.created_by.full_name || rate.created_by.email : '—'),
  },
];

/** Finance and admins: the rates per currency per day, one added by hand, or a file imported. */
export function ExchangeRatesAdmin() {
  const { values, page, update } = useListParams(PARAM_KEYS);
  const query = useExchangeRates({ currency: values.currency || undefined, page, page_size: PAGE_SIZE });
  useKeepPageInRange(page, query, update);
  const [open, setOpen] = useState<'add' | 'import' | null>(null);

  return (
    <div className="space-y-4">
      {open === 'add' && <ExchangeRateForm onDone={() => setOpen(null)} />}
      {open === 'import' && <RateFileImport onDone={() => setOpen(null)} />}
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          value={values.currency}
          // Only a whole code filters: "EU" would match nothing while it is being typed.
          onSearch={(text) => {
            const code = text.toUpperCase();
            if (code === '' || /^[A-Z]{3}$/.test(code)) update({ currency: code });
          }}
          label="Filter by currency"
          placeholder="A 3-letter code, such as EUR"
        />
        {open === null && (
          <>
            <Button onClick={() => setOpen('add')}>Add a rate</Button>
            <Button variant="secondary" onClick={() => setOpen('import')}>
              Import a file
            </Button>
          </>
        )}
      </div>
      <DataTable
        query={query}
        rows={(data) => data.results}
        rowKey={(rate) => rate.id}
        caption="Exchange rates"
        loadingLabel="Loading exchange rates"
        emptyTitle={values.currency ? `No rates for ${values.currency}` : 'No exchange rates yet'}
        emptyText="Add a rate by hand, or import a CSV or an ECB reference-rate file."
        columns={columns}
        after={(data) => (
          <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={(next) => update({ page: next })} />
        )}
      />
    </div>
  );
}

function ExchangeRateForm({ onDone }: { onDone: () => void }) {
  const create = useCreateExchangeRate();
  const form = useForm<ExchangeRateFormValues, unknown, ExchangeRateInput>({
    resolver: zodResolver(exchangeRateInputSchema),
    defaultValues: { currency: '', date: todayIso(), rate: '' },
  });
  const {
    register,
    formState: { errors },
  } = form;
  return (
    <AdminForm
      title="Add a rate"
      form={form}
      fieldNames={EXCHANGE_RATE_FIELDS}
      onSubmit={async (input) => {
        const saved = await create.mutateAsync(input);
        notify('success', `${saved.currency} rate for ${formatDate(saved.date)} saved.`);
        onDone();
      }}
      submitLabel="Save rate"
      onCancel={onDone}
    >
      <Field label="Currency" error={errors.currency?.message} hint="ISO code, e.g. EUR">
        {(props) => <Input {...props} maxLength={3} className="uppercase" {...register('currency')} />}
      </Field>
      <Field label="Date" error={errors.date?.message} hint="A day that already has a rate gets this one instead">
        {(props) => <Input {...props} type="date" {...register('date')} />}
      </Field>
      <Field
        label="Rate"
        error={errors.rate?.message}
        hint="Units of the base currency for one unit of this currency"
        className="sm:col-span-2"
      >
        {(props) => <Input {...props} inputMode="decimal" {...register('rate')} />}
      </Field>
    </AdminForm>
  );
}

function RateFileImport({ onDone }: { onDone: () => void }) {
  const importFile = useImportExchangeRates();
  const [summary, setSummary] = useState<string | null>(null);
  // The server's bad lines (fields.file); more than one is shown as a list under the field.
  const [badLines, setBadLines] = useState<string[]>([]);
  // A new key empties the file input after an import (a file input cannot be set from code).
  const [inputKey, setInputKey] = useState(0);
  const form = useForm<RateFileFormValues, unknown, RateFileInput>({
    resolver: zodResolver(rateFileInputSchema),
    defaultValues: { file: undefined },
  });
  const errors = form.formState.errors;
  return (
    <AdminForm
      title="Import rates"
      form={form}
      fieldNames={RATE_FILE_FIELDS}
      onSubmit={async (input) => {
        setSummary(null);
        setBadLines([]);
        try {
          const result = await importFile.mutateAsync(input);
          setSummary(importSummary(result));
          notify('success', 'Exchange rates imported.');
          form.reset();
          setInputKey((key) => key + 1);
        } catch (error) {
          // A proxy's 413 has no envelope: say what the limit is.
          if (isApiError(error, 413))
            throw new Error(`The file is too large: the limit is ${formatBytes(MAX_RATE_FILE_BYTES)}.`);
          const lines = isApiError(error) ? error.fields?.file : undefined;
          if (Array.isArray(lines)) setBadLines(lines.filter((line): line is string => typeof line === 'string'));
          throw error; // AdminForm puts it on the field (applyServerErrors)
        }
      }}
      submitLabel="Import"
      onCancel={onDone}
    >
      {summary && (
        <div className="sm:col-span-2">
          <Alert kind="success">{summary}</Alert>
        </div>
      )}
      <Controller
        control={form.control}
        name="file"
        render={({ field }) => {
          const listed = errors.file?.type === 'server' && badLines.length > 1;
          return (
            <Field
              label="Rate file"
              error={listed ? `Nothing was imported: ${badLines.length} lines to fix.` : errors.file?.message}
              hint="A CSV with the columns currency, date, rate, or an ECB reference-rate XML file (eurofxref-daily.xml or eurofxref-hist.xml). All or nothing: one bad line imports nothing."
              className="sm:col-span-2"
            >
              {(props) => (
                <Input
                  {...props}
                  key={inputKey}
                  ref={field.ref}
                  name={field.name}
                  onBlur={field.onBlur}
                  type="file"
                  accept={RATE_FILE_ACCEPT}
                  onChange={(event) => {
                    setSummary(null);
                    setBadLines([]);
                    field.onChange(event.target.files?.[0]);
                  }}
                />
              )}
            </Field>
          );
        }}
      />
      {errors.file?.type === 'server' && badLines.length > 1 && (
        <ul aria-label="Lines to fix" className="list-disc space-y-0.5 pl-5 text-xs text-red-700 sm:col-span-2">
          {badLines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </AdminForm>
  );
}
