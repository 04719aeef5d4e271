import { useFieldArray, useForm } from 'react-hook-form';

import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/states';
import { cn } from '@/lib/cn';
import { applyServerErrors } from '@/lib/form-errors';
import { notify } from '@/stores/ui-store';
import type { InvoiceDetail } from '@/types';

import { useCorrectInvoice } from '../api/invoice-actions';

const HEADER = [
  ['number', 'Invoice number', 'text'],
  ['invoice_date', 'Invoice date', 'date'],
  ['due_date', 'Due date', 'date'],
  ['currency', 'Currency', 'text'],
  ['payment_terms', 'Payment terms', 'text'],
  ['subtotal', 'Subtotal', 'text'],
  ['tax', 'Tax', 'text'],
  ['total', 'Total', 'text'],
] as const;
type HeaderName = (typeof HEADER)[number][0];
type LineValues = {
  description: string;
  quantity: string;
  unit_price: string;
  /** Kept as read or entered unless quantity or price change (then the server works it out). */
  amount: string | null;
  tax_rate: string | null;
  po_line: number | null;
};
type Values = Record<HeaderName, string> & { lines: LineValues[] };
// Server errors on these reach their field; any other (a line's amount, its PO line) is shown
// above the form, so a refusal is never silent.
const SHOWN_FIELDS = HEADER.map(([name]) => name);

type Extracted = Record<string, { value?: unknown; confidence?: number | null } | undefined>;

/** How the document reader did on a field: read with a confidence, or not found. */
function ReadBadge({ extracted, name }: { extracted: Extracted; name: string }) {
  const field = extracted[name];
  if (!field) return null;
  if (field.value === null || field.value === '' || field.confidence == null)
    return <span className="ml-2 rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-700">not read</span>;
  const percent = Math.round(field.confidence * 100);
  return (
    <span
      className={cn(
        'ml-2 rounded px-1.5 py-0.5 text-xs',
        percent >= 90
          ? 'bg-emerald-50 text-emerald-700'
          : percent >= 60
            ? 'bg-amber-50 text-amber-700'
            : 'bg-red-50 text-red-700',
      )}
      title="How sure the document reader was of this value"
    >
      read {percent}%
    </span>
  );
}

const amount = (value: string | null | undefined) => (value == null ? '' : String(Number(value)));

function defaults(invoice: InvoiceDetail): Values {
  return {
    number: invoice.number ?? '',
    invoice_date: invoice.invoice_date ?? '',
    due_date: invoice.due_date ?? '',
    currency: invoice.currency ?? '',
    payment_terms: invoice.payment_terms ?? '',
    subtotal: amount(invoice.subtotal),
    tax: amount(invoice.tax),
    total: amount(invoice.total),
    lines: invoice.lines.map((line) => ({
      description: line.description ?? '',
      quantity: amount(line.quantity),
      unit_price: amount(line.unit_price),
      amount: line.amount ?? null,
      tax_rate: line.tax_rate ?? null,
      po_line: line.po_line?.id ?? null,
    })),
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** The AP clerk's corrections to an invoice not yet approved: each field shows whether it was
 * read from the document and how surely; saving re-runs the match. */
export function InvoiceCorrectionForm({ invoice, onDone }: { invoice: InvoiceDetail; onDone: () => void }) {
  const extracted = (invoice.extracted ?? {}) as Extracted;
  const form = useForm<Values>({ defaultValues: defaults(invoice) });
  const lines = useFieldArray({ control: form.control, name: 'lines' });
  const correct = useCorrectInvoice(invoice.id);
  const { errors } = form.formState;

  const submit = form.handleSubmit((values) => {
    const dirty = form.formState.dirtyFields;
    const body: Record<string, unknown> = {};
    for (const [name] of HEADER) {
      if (!dirty[name]) continue;
      body[name] = ['number', 'currency', 'payment_terms'].includes(name) ? values[name].trim() : orNull(values[name]);
    }
    if (dirty.lines)
      body.lines = values.lines.map((line, index) => {
        const figuresChanged = Boolean(dirty.lines?.[index]?.quantity || dirty.lines?.[index]?.unit_price);
        return {
          description: line.description,
          quantity: orNull(line.quantity),
          unit_price: orNull(line.unit_price),
          amount: figuresChanged ? null : line.amount,
          tax_rate: line.tax_rate,
          po_line: line.po_line,
        };
      });
    if (Object.keys(body).length === 0) return onDone();
    correct.mutate(body, {
      onSuccess: (saved) => {
        notify(
          'success',
          saved.match_status === 'matched' ? 'Saved: the invoice matches.' : 'Saved and matched again.',
        );
        onDone();
      },
      onError: (error) => {
        const message = applyServerErrors(error, form.setError, SHOWN_FIELDS);
        if (message) form.setError('root', { message });
      },
    });
  });

  return (
    <Card title="Correct the invoice">
      <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
        {errors.root?.message && <Alert>{errors.root.message}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          {HEADER.map(([name, label, type]) => (
            <Field
              key={name}
              label={
                <>
                  {label}
                  <ReadBadge extracted={extracted} name={name} />
                </>
              }
              error={errors[name]?.message}
            >
              {(props) => (
                <Input
                  {...props}
                  type={type}
                  inputMode={type === 'text' && ['subtotal', 'tax', 'total'].includes(name) ? 'decimal' : undefined}
                  {...form.register(name)}
                />
              )}
            </Field>
          ))}
        </div>
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-700">
            Lines
            <ReadBadge extracted={extracted} name="lines" />
          </legend>
          {lines.fields.map((field, index) => (
            <div key={field.id} className="grid gap-2 sm:grid-cols-[1fr_7rem_8rem]">
              <Field label={`Line ${index + 1} description`} error={errors.lines?.[index]?.description?.message}>
                {(props) => <Input {...props} {...form.register(`lines.${index}.description`)} />}
              </Field>
              <Field label="Quantity" error={errors.lines?.[index]?.quantity?.message}>
                {(props) => <Input {...props} inputMode="decimal" {...form.register(`lines.${index}.quantity`)} />}
              </Field>
              <Field label="Unit price" error={errors.lines?.[index]?.unit_price?.message}>
                {(props) => <Input {...props} inputMode="decimal" {...form.register(`lines.${index}.unit_price`)} />}
              </Field>
            </div>
          ))}
        </fieldset>
        <div className="flex gap-2">
          <Button type="submit" loading={correct.isPending}>
            Save and match
          </Button>
          <Button type="button" variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
