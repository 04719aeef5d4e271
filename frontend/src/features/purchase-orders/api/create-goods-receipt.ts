import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import { QUANTITY_PATTERN } from '@/lib/schemas';
import type { GoodsReceipt } from '@/types';

import { purchaseOrderKeys } from './keys';

const optionalQuantity = z
  .string()
  .trim()
  .refine((value) => value === '' || QUANTITY_PATTERN.test(value), 'A number with at most 3 decimals');

const counts = (value: string) => value !== '' && Number(value) > 0;

/**
 * One goods receipt: per PO line what was accepted (0 or empty = nothing now, never more than
 * is still open: the server answers 400 to an over-receipt) and what was refused at delivery
 * (not received), with a note; a delivery note number for the receipt. At least one line.
 */
export const goodsReceiptInputSchema = z
  .object({
    lines: z.array(
      z.object({
        po_line: z.number().int().positive(),
        open: z.string(),
        quantity: optionalQuantity,
        rejected_quantity: optionalQuantity,
        note: z.string().trim().max(500, 'At most 500 characters'),
      }),
    ),
    delivery_note: z.string().trim().max(100, 'At most 100 characters'),
    note: z.string().trim().max(2000, 'At most 2000 characters'),
  })
  .superRefine((value, context) => {
    value.lines.forEach((line, index) => {
      if (line.quantity !== '' && Number(line.quantity) > Number(line.open)) {
        context.addIssue({
          code: 'custom',
          path: ['lines', index, 'quantity'],
          message: `At most ${Number(line.open)} are still open`,
        });
      }
    });
    if (!value.lines.some((line) => counts(line.quantity) || counts(line.rejected_quantity))) {
      context.addIssue({
        code: 'custom',
        path: ['lines'],
        message: 'Enter a received or refused quantity on at least one line',
      });
    }
  })
  .transform((value) => ({
    delivery_note: value.delivery_note,
    note: value.note,
    lines: value.lines
      .filter((line) => counts(line.quantity) || counts(line.rejected_quantity))
      .map((line) => ({
        po_line: line.po_line,
        quantity: line.quantity || '0',
        ...(counts(line.rejected_quantity) ? { rejected_quantity: line.rejected_quantity } : {}),
        ...(line.note ? { note: line.note } : {}),
      })),
  }));

export type GoodsReceiptFormValues = z.input<typeof goodsReceiptInputSchema>;
export type GoodsReceiptInput = z.output<typeof goodsReceiptInputSchema>;

export function createGoodsReceipt(orderId: number, input: GoodsReceiptInput, idempotencyKey: string) {
  return api<GoodsReceipt>(`/api/purchase-orders/${orderId}/receipts/`, {
    method: 'POST',
    json: input,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function useCreateGoodsReceipt(orderId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: GoodsReceiptInput; idempotencyKey: string }) =>
      createGoodsReceipt(orderId, input, idempotencyKey),
    onSuccess: (receipt) => {
      queryClient.setQueryData(purchaseOrderKeys.detail(orderId), receipt.purchase_order);
      void queryClient.invalidateQueries({ queryKey: purchaseOrderKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
      void queryClient.invalidateQueries({ queryKey: rootKeys.purchaseRequests }); // their history shows receipts
    },
  });
}
