import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import { QUANTITY_PATTERN } from '@/lib/schemas';
import type { GoodsReceipt } from '@/types';

import { purchaseOrderKeys } from './keys';

/**
 * One goods receipt: a quantity per PO line (0 or empty = not received now), never more than
 * is still open on the line (the server answers 400 to an over-receipt), at least one line.
 */
export const goodsReceiptInputSchema = z
  .object({
    lines: z.array(
      z.object({
        po_line: z.number().int().positive(),
        open: z.string(),
        quantity: z
          .string()
          .trim()
          .refine((value) => value === '' || QUANTITY_PATTERN.test(value), 'A number with at most 3 decimals'),
      }),
    ),
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
    if (!value.lines.some((line) => line.quantity !== '' && Number(line.quantity) > 0)) {
      context.addIssue({ code: 'custom', path: ['lines'], message: 'Enter a received quantity on at least one line' });
    }
  })
  .transform((value) => ({
    note: value.note,
    lines: value.lines
      .filter((line) => line.quantity !== '' && Number(line.quantity) > 0)
      .map((line) => ({ po_line: line.po_line, quantity: line.quantity })),
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
