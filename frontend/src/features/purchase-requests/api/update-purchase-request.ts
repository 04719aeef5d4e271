import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { PurchaseRequestDetail } from '@/types';

import type { PurchaseRequestInput } from './create-purchase-request';
import { purchaseRequestKeys } from './keys';

// Editing a draft uses the create schema (purchaseRequestInputSchema): the same rules apply.
export function updatePurchaseRequest(id: number, input: PurchaseRequestInput) {
  return api<PurchaseRequestDetail>(`/api/purchase-requests/${id}/`, { method: 'PATCH', json: input });
}

export function useUpdatePurchaseRequest(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PurchaseRequestInput) => updatePurchaseRequest(id, input),
    onSuccess: (updated) => {
      queryClient.setQueryData(purchaseRequestKeys.detail(id), updated);
      void queryClient.invalidateQueries({ queryKey: purchaseRequestKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: purchaseRequestKeys.history(id) });
    },
  });
}
