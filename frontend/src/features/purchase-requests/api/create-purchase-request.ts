import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import { parseLocaleNumber, PRICE_RULES, QUANTITY_RULES } from '@/lib/numbers';
import { rootKeys } from '@/lib/query-keys';
import { currencySchema, optionalIdSchema } from '@/lib/schemas';
import type { PurchaseRequestDetail } from '@/types';

import { purchaseRequestKeys } from './keys';

// The server's rules (purchases/serializers.py), mirrored so a mistake shows before the round trip.

/** A number as the user typed it ("1.234,50", "$249"), read into the API's plain decimal. */
const localeNumber = (rules: typeof QUANTITY_RULES | typeof PRICE_RULES, missing: string) =>
  z.string().transform((text, context) => {
    if (!text.trim()) {
      context.addIssue({ code: 'custom', message: missing });
      return z.NEVER;
    }
    const parsed = parseLocaleNumber(text, rules);
    if (!parsed.ok) {
      context.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.value;
  });

export const purchaseRequestItemSchema = z.object({
  description: z.string().trim().min(1, 'Describe the item').max(500, 'At most 500 characters'),
  quantity: localeNumber(QUANTITY_RULES, 'Enter a quantity'),
  unit_price: localeNumber(PRICE_RULES, 'Enter a unit price'),
});

/** A line nothing was typed into (the default quantity aside): dropped, never an error. */
export function isBlankItem(item: { description?: string; quantity?: string; unit_price?: string }): boolean {
  return !item.description?.trim() && !item.unit_price?.trim() && ['', '1'].includes(item.quantity?.trim() ?? '');
}

export const purchaseRequestInputSchema = z.object({
  title: z.string().trim().min(1, 'Give the request a title').max(200, 'At most 200 characters'),
  justification: z.string().trim().max(5000, 'At most 5000 characters'),
  currency: currencySchema,
  vendor: optionalIdSchema,
  needed_by: z
    .string()
    .transform((value) => value || null)
    .pipe(z.iso.date('A date as YYYY-MM-DD').nullable()),
  items: z
    .array(z.object({ description: z.string(), quantity: z.string(), unit_price: z.string() }))
    .transform((items) => items.filter((item) => !isBlankItem(item)))
    .pipe(z.array(purchaseRequestItemSchema).min(1, 'Add at least one item').max(200, 'At most 200 items')),
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
