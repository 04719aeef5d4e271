import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useFieldArray, useForm, useWatch, type Control } from 'react-hook-form';

import { Button } from '@/components/ui/button';
import { type ComboboxOption } from '@/components/ui/combobox';
import { ComboboxField } from '@/components/ui/combobox-field';
import { Field, Input, Textarea } from '@/components/ui/field';
import { Alert } from '@/components/ui/states';
import { applyServerErrors } from '@/lib/form-errors';
import { centsToDecimal, formatMoney, lineTotalCents } from '@/lib/format';
import type { PurchaseRequestDetail } from '@/types';

import {
  PURCHASE_REQUEST_FIELDS,
  purchaseRequestInputSchema,
  type PurchaseRequestFormValues,
  type PurchaseRequestInput,
} from '../api/create-purchase-request';

const EMPTY_ITEM = { description: '', quantity: '1', unit_price: '' };

export function toFormValues(request?: PurchaseRequestDetail, currency = 'USD'): PurchaseRequestFormValues {
  if (!request) {
    return { title: '', justification: '', currency, vendor: '', needed_by: '', items: [{ ...EMPTY_ITEM }] };
  }
  return {
    title: request.title,
    justification: request.justification ?? '',
    currency: request.currency,
    vendor: request.vendor ? String(request.vendor.id) : '',
    needed_by: request.needed_by ?? '',
    items: request.items.map((item) => ({
      description: item.description,
      // The API answers "2.000" / "10.00"; drop the padding zeros of the quantity for editing.
      quantity: item.quantity.replace(/\.?0+$/, ''),
      unit_price: item.unit_price,
    })),
  };
}

type PurchaseRequestFormProps = {
  defaultValues: PurchaseRequestFormValues;
  /** The vendor the form starts with (an edited draft's), or null. */
  initialVendor?: ComboboxOption | null;
  /** Finds active vendors by name; the route passes the vendors API (features do not import each other). */
  searchVendors: (text: string) => Promise<ComboboxOption[]>;
  submitLabel: string;
  onSubmit: (input: PurchaseRequestInput) => Promise<unknown>;
  onCancel?: () => void;
};

export function PurchaseRequestForm({
  defaultValues,
  initialVendor = null,
  searchVendors,
  submitLabel,
  onSubmit,
  onCancel,
}: PurchaseRequestFormProps) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<PurchaseRequestFormValues, unknown, PurchaseRequestInput>({
    resolver: zodResolver(purchaseRequestInputSchema),
    defaultValues,
  });
  const { fields, append, remove } = useFieldArray({ control, name: 'items' });

  const submit = handleSubmit(async (input) => {
    setFormError(null);
    try {
      await onSubmit(input);
    } catch (error) {
      setFormError(applyServerErrors(error, setError, PURCHASE_REQUEST_FIELDS));
    }
  });

  const itemsError = errors.items?.root?.message ?? errors.items?.message;

  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      {formError && <Alert>{formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Title" error={errors.title?.message} className="sm:col-span-2">
          {(props) => <Input {...props} {...register('title')} autoComplete="off" />}
        </Field>
        <Field
          label="Justification"
          error={errors.justification?.message}
          className="sm:col-span-2"
          hint="Why is this needed?"
        >
          {(props) => <Textarea {...props} rows={3} {...register('justification')} />}
        </Field>
        <Field label="Currency" error={errors.currency?.message} hint="ISO code, e.g. USD or EUR">
          {(props) => <Input {...props} maxLength={3} className="uppercase" {...register('currency')} />}
        </Field>
        <ComboboxField
          control={control}
          name="vendor"
          label="Vendor"
          placeholder="Optional: type to search, or leave for procurement"
          initial={initialVendor}
          search={searchVendors}
        />
        <Field label="Needed by" error={errors.needed_by?.message}>
          {(props) => <Input {...props} type="date" {...register('needed_by')} />}
        </Field>
      </div>

      <fieldset className="space-y-3">
        <legend className="text-base font-semibold text-slate-900">Line items</legend>
        {itemsError && (
          <p className="text-sm text-red-600" role="alert">
            {itemsError}
          </p>
        )}
        <div className="overflow-x-auto rounded-lg border border-slate-200">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2 font-medium">Description</th>
                <th className="w-28 px-3 py-2 font-medium">Quantity</th>
                <th className="w-36 px-3 py-2 font-medium">Unit price</th>
                <th className="w-32 px-3 py-2 text-right font-medium">Line total</th>
                <th className="w-20 px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {fields.map((field, index) => (
                <tr key={field.id} className="border-t border-slate-100 align-top">
                  <td className="px-3 py-2">
                    <Field
                      label={`Item ${index + 1} description`}
                      hideLabel
                      error={errors.items?.[index]?.description?.message}
                    >
                      {(props) => <Input {...props} {...register(`items.${index}.description`)} />}
                    </Field>
                  </td>
                  <td className="px-3 py-2">
                    <Field
                      label={`Item ${index + 1} quantity`}
                      hideLabel
                      error={errors.items?.[index]?.quantity?.message}
                    >
                      {(props) => <Input {...props} inputMode="decimal" {...register(`items.${index}.quantity`)} />}
                    </Field>
                  </td>
                  <td className="px-3 py-2">
                    <Field
                      label={`Item ${index + 1} unit price`}
                      hideLabel
                      error={errors.items?.[index]?.unit_price?.message}
                    >
                      {(props) => <Input {...props} inputMode="decimal" {...register(`items.${index}.unit_price`)} />}
                    </Field>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    <LineTotal control={control} index={index} />
                  </td>
                  <td className="px-3 py-2 text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => remove(index)}
                      disabled={fields.length === 1}
                      aria-label={`Remove item ${index + 1}`}
                    >
                      Remove
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="border-t border-slate-200 bg-slate-50">
                <td className="px-3 py-2">
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() => append({ ...EMPTY_ITEM })}
                    disabled={fields.length >= 200}
                  >
                    Add item
                  </Button>
                </td>
                <td colSpan={2} className="px-3 py-2 text-right font-medium text-slate-700">
                  Total
                </td>
                <td className="px-3 py-2 text-right font-semibold tabular-nums" data-testid="request-total">
                  <RequestTotal control={control} />
                </td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
      </fieldset>

      <div className="flex flex-wrap gap-2">
        <Button type="submit" loading={isSubmitting}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

function LineTotal({
  control,
  index,
}: {
  control: Control<PurchaseRequestFormValues, unknown, PurchaseRequestInput>;
  index: number;
}) {
  const [quantity, unitPrice, currency] = useWatch({
    control,
    name: [`items.${index}.quantity`, `items.${index}.unit_price`, 'currency'],
  });
  const cents = lineTotalCents(quantity ?? '', unitPrice ?? '');
  return <>{cents === null ? '—' : formatMoney(centsToDecimal(cents), normalizedCurrency(currency))}</>;
}

function RequestTotal({ control }: { control: Control<PurchaseRequestFormValues, unknown, PurchaseRequestInput> }) {
  const [items, currency] = useWatch({ control, name: ['items', 'currency'] });
  let total = 0n;
  for (const item of items ?? []) total += lineTotalCents(item.quantity, item.unit_price) ?? 0n;
  return <>{formatMoney(centsToDecimal(total), normalizedCurrency(currency))}</>;
}

function normalizedCurrency(currency: string | undefined): string {
  const code = (currency ?? '').trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : 'USD';
}
