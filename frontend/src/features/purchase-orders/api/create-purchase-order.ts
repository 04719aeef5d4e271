import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { PurchaseOrderDetail } from '@/types';

import { purchaseOrderKeys } from './keys';

// Procurement orders an approved request that named no vendor (or whose order was cancelled):
// issued at once, or a draft to complete first (prices, tax, delivery, terms).
export const purchaseOrderInputSchema = z.object({
  purchase_request: z.number().int().positive(),
  vendor: z.string().min(1, 'Choose a vendor').transform(Number).pipe(z.number().int().positive()),
  issue: z.boolean(),
});
export type PurchaseOrderFormValues = z.input<typeof purchaseOrderInputSchema>;
export type PurchaseOrderInput = z.output<typeof purchaseOrderInputSchema>;

export function createPurchaseOrder(input: PurchaseOrderInput, idempotencyKey: string) {
  return api<PurchaseOrderDetail>('/api/purchase-orders/', {
    method: 'POST',
    json: input,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function useCreatePurchaseOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: PurchaseOrderInput; idempotencyKey: string }) =>
      createPurchaseOrder(input, idempotencyKey),
    onSuccess: (order) => {
      queryClient.setQueryData(purchaseOrderKeys.detail(order.id), order);
      void queryClient.invalidateQueries({ queryKey: purchaseOrderKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: rootKeys.purchaseRequests });
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
    },
  });
}
