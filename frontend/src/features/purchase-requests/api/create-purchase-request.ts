import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import { currencySchema, moneySchema, optionalIdSchema, QUANTITY_PATTERN } from '@/lib/schemas';
import type { PurchaseRequestDetail } from '@/types';

import { purchaseRequestKeys } from './keys';

// The server's rules (purchases/serializers.py), mirrored so a mistake shows before the round trip.

export const purchaseRequestItemSchema = z.object({
  description: z.string().trim().min(1, 'Describe the item').max(500, 'At most 500 characters'),
  quantity: z
    .string()
    .trim()
    .min(1, 'Enter a quantity')
    .regex(QUANTITY_PATTERN, 'A number with at most 3 decimals')
    .refine((value) => Number(value) > 0, 'Quantity must be greater than zero'),
  unit_price: z.string().trim().min(1, 'Enter a unit price').pipe(moneySchema),
});

export const purchaseRequestInputSchema = z.object({
  title: z.string().trim().min(1, 'Give the request a title').max(200, 'At most 200 characters'),
  justification: z.string().trim().max(5000, 'At most 5000 characters'),
  currency: currencySchema,
  vendor: optionalIdSchema,
  needed_by: z
    .string()
    .transform((value) => value || null)
    .pipe(z.iso.date('A date as YYYY-MM-DD').nullable()),
  items: z.array(purchaseRequestItemSchema).min(1, 'Add at least one item').max(200, 'At most 200 items'),
});

/** What the form holds (strings, as typed). */
export type PurchaseRequestFormValues = z.input<typeof purchaseRequestInputSchema>;
/** What the API receives. */
export type PurchaseRequestInput = z.output<typeof purchaseRequestInputSchema>;

export const PURCHASE_REQUEST_FIELDS = ['title', 'justification', 'currency', 'vendor', 'needed_by', 'items'] as const;

export function createPurchaseRequest(input: PurchaseRequestInput, idempotencyKey: string) {
  return api<PurchaseRequestDetail>('/api/purchase-requests/', {
    method: 'POST',
    json: input,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function useCreatePurchaseRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: PurchaseRequestInput; idempotencyKey: string }) =>
      createPurchaseRequest(input, idempotencyKey),
    onSuccess: (created) => {
      queryClient.setQueryData(purchaseRequestKeys.detail(created.id), created);
      void queryClient.invalidateQueries({ queryKey: purchaseRequestKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
    },
  });
}
