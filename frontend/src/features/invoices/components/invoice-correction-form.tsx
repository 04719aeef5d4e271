import { useQuery } from '@tanstack/react-query';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';

import { Button } from '@/components/ui/button';
import type { ComboboxOption } from '@/components/ui/combobox';
import { ComboboxField } from '@/components/ui/combobox-field';
import { ConfidenceBadge } from '@/components/ui/confidence-badge';
import { Field, Input, Select } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/states';
import { applyServerErrors } from '@/lib/form-errors';
import { notify } from '@/stores/ui-store';
import type { InvoiceDetail } from '@/types';

import { useCorrectInvoice } from '../api/invoice-actions';
import { invoiceKeys } from '../api/keys';

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
  /** The PO line billed, as an id string ('' for none: freight, a fee). */
  description: string;
  quantity: string;
  unit_price: string;
  /** Kept as read or entered unless quantity or price change (then the server works it out). */
  amount: string | null;
  tax_rate: string | null;
  po_line: string;
};
type Values = Record<HeaderName, string> & { vendor: string; purchase_order: string; lines: LineValues[] };

/** What the form searches with: the route passes the vendor and order features' searches in. */
export type CorrectionLookups = {
  searchVendors: (text: string) => Promise<ComboboxOption[]>;
  searchOrders: (text: string) => Promise<ComboboxOption[]>;
  orderLines: (orderId: number) => Promise<ComboboxOption[]>;
};
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
  return <ConfidenceBadge value={field.confidence} prefix="read " />;
}

const amount = (value: string | null | undefined) => (value == null ? '' : String(Number(value)));

function defaults(invoice: InvoiceDetail): Values {
  return {
    vendor: invoice.vendor ? String(invoice.vendor.id) : '',
    purchase_order: invoice.purchase_order ? String(invoice.purchase_order.id) : '',
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
      po_line: line.po_line ? String(line.po_line.id) : '',
    })),
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** The AP clerk's corrections to an invoice not yet approved: each field shows whether it was
 * read from the document and how surely; saving re-runs the match. */
export function InvoiceCorrectionForm({
  invoice,
  lookups,
  onDone,
}: {
  invoice: InvoiceDetail;
  lookups: CorrectionLookups;
  onDone: () => void;
}) {
  const extracted = (invoice.extracted ?? {}) as Extracted;
  const form = useForm<Values>({ defaultValues: defaults(invoice) });
  const lines = useFieldArray({ control: form.control, name: 'lines' });
  const orderId = Number(useWatch({ control: form.control, name: 'purchase_order' })) || null;
  const orderLines = useQuery({
    queryKey: [...invoiceKeys.all, 'order-lines', orderId],
    queryFn: () => lookups.orderLines(orderId ?? 0),
    enabled: orderId !== null,
  });
  const correct = useCorrectInvoice(invoice.id);
  // Read while rendering: react-hook-form tracks dirty fields only for a form that subscribes.
  const { errors, dirtyFields } = form.formState;

  const submit = form.handleSubmit((values) => {
    const dirty = dirtyFields;
    const body: Record<string, unknown> = {};
    if (dirty.vendor) body.vendor = Number(values.vendor) || null;
    if (dirty.purchase_order) body.purchase_order = Number(values.purchase_order) || null;
    for (const [name] of HEADER) {
      if (!dirty[name]) continue;
      body[name] = ['number', 'currency', 'payment_terms'].includes(name) ? values[name].trim() : orNull(values[name]);
    }
    const known = orderLines.data && new Set(orderLines.data.map((option) => option.id));
    const onOrder = (id: number) => id > 0 && (known ? known.has(id) : !dirty.purchase_order);
    if (dirty.lines || dirty.purchase_order)
      body.lines = values.lines.map((line, index) => {
        const figuresChanged = Boolean(dirty.lines?.[index]?.quantity || dirty.lines?.[index]?.unit_price);
        return {
          description: line.description,
          quantity: orNull(line.quantity),
          unit_price: orNull(line.unit_price),
          amount: figuresChanged ? null : line.amount,
          tax_rate: line.tax_rate,
          // A line of another order than the one chosen bills nothing until it is linked again.
          po_line: onOrder(Number(line.po_line)) ? Number(line.po_line) : null,
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
          <ComboboxField
            control={form.control}
            name="vendor"
            label="Vendor"
            placeholder="Search vendors"
            initial={invoice.vendor ? { id: invoice.vendor.id, name: invoice.vendor.name } : null}
            search={lookups.searchVendors}
          />
          <ComboboxField
            control={form.control}
            name="purchase_order"
            label="Purchase order"
            placeholder="Search orders"
            initial={
              invoice.purchase_order ? { id: invoice.purchase_order.id, name: invoice.purchase_order.number } : null
            }
            search={lookups.searchOrders}
          />
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
            <div key={field.id} className="grid gap-2 sm:grid-cols-[1fr_7rem_8rem] lg:grid-cols-[1fr_12rem_7rem_8rem]">
              <Field label={`Line ${index + 1} description`} error={errors.lines?.[index]?.description?.message}>
                {(props) => <Input {...props} {...form.register(`lines.${index}.description`)} />}
              </Field>
              <Field label="Bills PO line" className="sm:max-lg:col-span-3">
                {(props) => (
                  <Select {...props} {...form.register(`lines.${index}.po_line`)}>
                    <option value="">Not on the order</option>
                    {(orderLines.data ?? []).map((option) => (
                      <option key={option.id} value={String(option.id)}>
                        {option.name}
                      </option>
                    ))}
                  </Select>
                )}
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
