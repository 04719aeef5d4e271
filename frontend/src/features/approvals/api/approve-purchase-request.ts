import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import type { PurchaseRequestDetail } from '@/types';

import { optimisticDecision } from './decide-optimistically';

export const approveInputSchema = z.object({
  comment: z.string().trim().max(2000, 'At most 2000 characters'),
});
export type ApproveInput = z.infer<typeof approveInputSchema>;

export function approvePurchaseRequest(requestId: number, input: ApproveInput) {
  return api<PurchaseRequestDetail>(`/api/purchase-requests/${requestId}/approve/`, { method: 'POST', json: input });
}

export function useApprovePurchaseRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ requestId, input }: { requestId: number; input: ApproveInput }) =>
      approvePurchaseRequest(requestId, input),
    ...optimisticDecision(queryClient),
  });
}
