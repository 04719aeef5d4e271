import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { PurchaseRequestDetail } from '@/types';

import { purchaseRequestKeys } from './keys';

/** The requester's state changes: submit a draft, cancel, or revise a rejected request to a draft. */
export type RequestAction = 'submit' | 'cancel' | 'revise';

export function purchaseRequestAction(id: number, action: RequestAction) {
  return api<PurchaseRequestDetail>(`/api/purchase-requests/${id}/${action}/`, { method: 'POST' });
}

export function usePurchaseRequestAction(id: number, action: RequestAction) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => purchaseRequestAction(id, action),
    onSuccess: (updated) => {
      queryClient.setQueryData(purchaseRequestKeys.detail(id), updated);
      void queryClient.invalidateQueries({ queryKey: purchaseRequestKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: purchaseRequestKeys.history(id) });
      void queryClient.invalidateQueries({ queryKey: purchaseRequestKeys.route(id) });
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
      void queryClient.invalidateQueries({ queryKey: rootKeys.approvals });
    },
  });
}

/** A new draft of the caller's, copied from a request they may see. */
export function useDuplicatePurchaseRequest(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<PurchaseRequestDetail>(`/api/purchase-requests/${id}/duplicate/`, { method: 'POST' }),
    onSuccess: (copy) => {
      queryClient.setQueryData(purchaseRequestKeys.detail(copy.id), copy);
      void queryClient.invalidateQueries({ queryKey: purchaseRequestKeys.lists() });
    },
  });
}
