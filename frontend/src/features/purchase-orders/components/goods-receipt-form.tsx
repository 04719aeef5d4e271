import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';

import { Button } from '@/components/ui/button';
import { Field, Input, Textarea } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/states';
import { isApiError } from '@/lib/api-client';
import { applyServerErrors, flattenFieldErrors } from '@/lib/form-errors';
import { useIdempotencyKey } from '@/lib/idempotency';
import { notify } from '@/stores/ui-store';
import type { PurchaseOrderDetail } from '@/types';

import {
  goodsReceiptInputSchema,
  useCreateGoodsReceipt,
  type GoodsReceiptFormValues,
  type GoodsReceiptInput,
} from '../api/create-goods-receipt';

function openQuantity(quantity: string, received: string | undefined): string {
  // Quantities have at most 3 decimals: thousandths keep the subtraction exact.
  const thousandths = Math.round(Number(quantity) * 1000) - Math.round(Number(received ?? 0) * 1000);
  return String(Math.max(0, thousandths) / 1000);
}

/**
 * The server names receipt lines by order-line id (over_receipt: someone else received in the
 * meantime) or by their position in what was sent: both are put in words with the line's item.
 */
function receiptErrorText(error: unknown, order: PurchaseOrderDetail, sent: GoodsReceiptInput): string | null {
  if (!isApiError(error) || !error.fields || typeof error.fields.lines !== 'object') return null;
  const lines = flattenFieldErrors(error.fields.lines);
  const described = Object.entries(lines).map(([key, message]) => {
    const id =
      error.code === 'over_receipt' ? Number(key.split('.')[0]) : sent.lines[Number(key.split('.')[0])]?.po_line;
    const line = order.lines.find((candidate) => candidate.id === id);
    return line ? `${line.description}: ${message}` : message;
  });
  return [error.message, ...described].join(' ');
}

/** Record what arrived, line by line (nothing by default; "Receive all remaining" fills in what is open). */
export function GoodsReceiptForm({ order }: { order: PurchaseOrderDetail }) {
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const [formError, setFormError] = useState<string | null>(null);
  const receive = useCreateGoodsReceipt(order.id);
  const openLines = order.lines.map((line) => ({
    po_line: line.id,
    open: openQuantity(line.quantity, line.received_quantity),
    description: line.description,
  }));
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<GoodsReceiptFormValues, unknown, GoodsReceiptInput>({
    resolver: zodResolver(goodsReceiptInputSchema),
    defaultValues: {
      delivery_note: '',
      note: '',
      lines: openLines.map(({ po_line, open }) => ({ po_line, open, quantity: '', rejected_quantity: '', note: '' })),
    },
  });
  const receiveAll = () =>
    openLines.forEach((line, index) => setValue(`lines.${index}.quantity`, line.open === '0' ? '' : line.open));

  const submit = handleSubmit(async (input) => {
    setFormError(null);
    try {
      const receipt = await receive.mutateAsync({ input, idempotencyKey });
      renewKey();
      notify('success', 'Goods receipt recorded.');
      const lines = receipt.purchase_order.lines;
      reset({
        delivery_note: '',
        note: '',
        lines: lines.map((line) => ({
          po_line: line.id,
          open: openQuantity(line.quantity, line.received_quantity),
          quantity: '',
          rejected_quantity: '',
          note: '',
        })),
      });
    } catch (error) {
      setFormError(
        receiptErrorText(error, order, input) ?? applyServerErrors(error, setError, ['note', 'delivery_note']),
      );
    }
  });

  const linesError = errors.lines?.root?.message ?? errors.lines?.message;
  return (
    <Card title="Record a goods receipt">
      <form onSubmit={submit} noValidate className="space-y-4">
        {formError && <Alert>{formError}</Alert>}
        {linesError && (
          <p className="text-sm text-red-600" role="alert">
            {linesError}
          </p>
        )}
        <div className="flex flex-wrap items-end gap-3">
          <Field label="Delivery note number" error={errors.delivery_note?.message} className="w-56">
            {(props) => <Input {...props} {...register('delivery_note')} />}
          </Field>
          <Button variant="secondary" onClick={receiveAll}>
            Receive all remaining
          </Button>
        </div>
        <div className="space-y-3">
          {openLines.map((line, index) => (
            <fieldset
              key={line.po_line}
              className="grid grid-cols-2 items-start gap-2 border-b border-slate-100 pb-3 sm:grid-cols-[1fr_7rem_7rem_12rem]"
            >
              <legend className="col-span-2 pt-2 text-sm text-slate-800 sm:col-span-1">
                {line.description} <span className="text-slate-500">({Number(line.open)} open)</span>
              </legend>
              <Field
                label={`Received now: ${line.description}`}
                hideLabel
                error={errors.lines?.[index]?.quantity?.message}
              >
                {(props) => (
                  <Input
                    {...props}
                    inputMode="decimal"
                    disabled={line.open === '0'}
                    placeholder="received"
                    {...register(`lines.${index}.quantity`)}
                  />
                )}
              </Field>
              <Field
                label={`Refused: ${line.description}`}
                hideLabel
                error={errors.lines?.[index]?.rejected_quantity?.message}
              >
                {(props) => (
                  <Input
                    {...props}
                    inputMode="decimal"
                    disabled={line.open === '0'}
                    placeholder="refused"
                    {...register(`lines.${index}.rejected_quantity`)}
                  />
                )}
              </Field>
              <Field label={`Line note: ${line.description}`} hideLabel className="col-span-2 sm:col-span-1">
                {(props) => <Input {...props} placeholder="damaged, short…" {...register(`lines.${index}.note`)} />}
              </Field>
            </fieldset>
          ))}
        </div>
        <Field label="Note" error={errors.note?.message}>
          {(props) => <Textarea {...props} rows={2} {...register('note')} />}
        </Field>
        <Button type="submit" loading={isSubmitting}>
          Record receipt
        </Button>
      </form>
    </Card>
  );
}
