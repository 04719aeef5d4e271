import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import type { PurchaseRequestDetail } from '@/types';

import { optimisticDecision } from './decide-optimistically';

export const rejectInputSchema = z.object({
  comment: z.string().trim().min(1, 'Say why the request is rejected').max(2000, 'At most 2000 characters'),
});
export type RejectInput = z.infer<typeof rejectInputSchema>;

export function rejectPurchaseRequest(requestId: number, input: RejectInput) {
  return api<PurchaseRequestDetail>(`/api/purchase-requests/${requestId}/reject/`, { method: 'POST', json: input });
}

export function useRejectPurchaseRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ requestId, input }: { requestId: number; input: RejectInput }) =>
      rejectPurchaseRequest(requestId, input),
    ...optimisticDecision(queryClient),
  });
}
