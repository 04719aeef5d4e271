import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useFieldArray, useForm, useWatch, type Control } from 'react-hook-form';

import { Button } from '@/components/ui/button';
import { type ComboboxOption } from '@/components/ui/combobox';
import { ComboboxField } from '@/components/ui/combobox-field';
import { Field, Input, Textarea } from '@/components/ui/field';
import { Alert } from '@/components/ui/states';
import { applyServerErrors } from '@/lib/form-errors';
import { centsToDecimal, formatMoney, lineTotalCents } from '@/lib/format';
import { parseLocaleNumber, PRICE_RULES, QUANTITY_RULES } from '@/lib/numbers';
import type { PurchaseRequestDetail } from '@/types';

import { RouteSteps } from './route-preview';
import {
  isBlankItem,
  PURCHASE_REQUEST_FIELDS,
  purchaseRequestInputSchema,
  type PurchaseRequestFormValues,
  type PurchaseRequestInput,
} from '../api/create-purchase-request';
import { useRequestRoute } from '../api/get-route';

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
  /** Whose approval route to preview live: the edited draft's id, or 'new'. */
  routeFor?: number | 'new';
  onSubmit: (input: PurchaseRequestInput) => Promise<unknown>;
  onCancel?: () => void;
};

export function PurchaseRequestForm({
  defaultValues,
  initialVendor = null,
  searchVendors,
  submitLabel,
  routeFor = 'new',
  onSubmit,
  onCancel,
}: PurchaseRequestFormProps) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
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
        <div className="rounded-lg border border-slate-200 sm:overflow-x-auto">
          <table className="min-w-full text-sm max-sm:block">
            <thead className="bg-slate-50 text-left text-slate-600 max-sm:hidden">
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
            <tbody className="max-sm:block">
              {fields.map((field, index) => (
                <tr
                  key={field.id}
                  className="border-t border-slate-100 align-top max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-2 max-sm:py-2"
                >
                  <td className="px-3 py-2 max-sm:col-span-2 max-sm:py-1">
                    <Field
                      label={`Item ${index + 1} description`}
                      hideLabel
                      error={errors.items?.[index]?.description?.message}
                    >
                      {(props) => (
                        <Input {...props} placeholder="Description" {...register(`items.${index}.description`)} />
                      )}
                    </Field>
                  </td>
                  <td className="px-3 py-2 max-sm:py-1">
                    <Field
                      label={`Item ${index + 1} quantity`}
                      hideLabel
                      error={errors.items?.[index]?.quantity?.message}
                    >
                      {(props) => (
                        <Input
                          {...props}
                          inputMode="decimal"
                          placeholder="Quantity"
                          {...register(`items.${index}.quantity`, {
                            onBlur: (event: { target: { value: string } }) =>
                              normalise(event.target.value, QUANTITY_RULES, (value) =>
                                setValue(`items.${index}.quantity`, value),
                              ),
                          })}
                        />
                      )}
                    </Field>
                  </td>
                  <td className="px-3 py-2 max-sm:py-1">
                    <Field
                      label={`Item ${index + 1} unit price`}
                      hideLabel
                      error={errors.items?.[index]?.unit_price?.message}
                    >
                      {(props) => (
                        <Input
                          {...props}
                          inputMode="decimal"
                          placeholder="Unit price"
                          {...register(`items.${index}.unit_price`, {
                            onBlur: (event: { target: { value: string } }) =>
                              normalise(event.target.value, PRICE_RULES, (value) =>
                                setValue(`items.${index}.unit_price`, value),
                              ),
                          })}
                        />
                      )}
                    </Field>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums max-sm:py-1 max-sm:text-left">
                    <LineTotal control={control} index={index} />
                  </td>
                  <td className="px-3 py-2 text-right max-sm:py-1">
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
            <tfoot className="max-sm:block">
              <tr className="border-t border-slate-200 bg-slate-50 max-sm:flex max-sm:flex-wrap max-sm:items-center max-sm:justify-between">
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
                <td colSpan={2} className="px-3 py-2 text-right font-medium text-slate-700 max-sm:hidden">
                  Total
                </td>
                <td className="px-3 py-2 text-right font-semibold tabular-nums" data-testid="request-total">
                  <RequestTotal control={control} />
                </td>
                <td className="max-sm:hidden" />
              </tr>
            </tfoot>
          </table>
        </div>
        <LiveRoute control={control} routeFor={routeFor} />
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

function normalise(text: string, rules: typeof QUANTITY_RULES | typeof PRICE_RULES, set: (value: string) => void) {
  const parsed = parseLocaleNumber(text, rules);
  if (parsed.ok && parsed.value !== text) set(parsed.value);
}

/** An item's amount in cents, or null when the line cannot be read (it then counts for nothing). */
function itemCents(quantity: string | undefined, unitPrice: string | undefined): bigint | null {
  const q = parseLocaleNumber(quantity ?? '', QUANTITY_RULES);
  const p = parseLocaleNumber(unitPrice ?? '', PRICE_RULES);
  return q.ok && p.ok ? lineTotalCents(q.value, p.value) : null;
}

function useDraftTotal(control: Control<PurchaseRequestFormValues, unknown, PurchaseRequestInput>) {
  const [items, currency] = useWatch({ control, name: ['items', 'currency'] });
  let total = 0n;
  let leftOut = 0;
  for (const item of items ?? []) {
    if (isBlankItem(item)) continue;
    const cents = itemCents(item.quantity, item.unit_price);
    if (cents === null) leftOut += 1;
    else total += cents;
  }
  return { total: centsToDecimal(total), currency: normalizedCurrency(currency), leftOut };
}

/** Who will approve this total, and whether the limit and budget pass: checked while typing. */
function LiveRoute({
  control,
  routeFor,
}: {
  control: Control<PurchaseRequestFormValues, unknown, PurchaseRequestInput>;
  routeFor: number | 'new';
}) {
  const { total, currency } = useDraftTotal(control);
  const [asked, setAsked] = useState({ total, currency });
  useEffect(() => {
    const timer = setTimeout(() => setAsked({ total, currency }), 400);
    return () => clearTimeout(timer);
  }, [total, currency]);
  const route = useRequestRoute(routeFor, asked, Number(asked.total) > 0);
  if (!route.data || Number(asked.total) <= 0) return null;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3" aria-live="polite">
      <h3 className="mb-2 text-sm font-semibold text-slate-900">
        Who will approve {formatMoney(asked.total, asked.currency)}
      </h3>
      <RouteSteps route={route.data} />
    </div>
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
  const cents = itemCents(quantity, unitPrice);
  return <>{cents === null ? '—' : formatMoney(centsToDecimal(cents), normalizedCurrency(currency))}</>;
}

function RequestTotal({ control }: { control: Control<PurchaseRequestFormValues, unknown, PurchaseRequestInput> }) {
  const { total, currency, leftOut } = useDraftTotal(control);
  return (
    <>
      <span className="sm:hidden">Total </span>
      {formatMoney(total, currency)}
      {leftOut > 0 && (
        <span className="block text-xs font-normal text-amber-800">
          {leftOut} line{leftOut === 1 ? '' : 's'} left out until corrected
        </span>
      )}
    </>
  );
}

function normalizedCurrency(currency: string | undefined): string {
  const code = (currency ?? '').trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : 'USD';
}
