import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { PurchaseRequestDetail } from '@/types';

import { purchaseRequestKeys } from './keys';

/** The requester's state changes: submit a draft for approval, or cancel the request. */
export type RequestAction = 'submit' | 'cancel';

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
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
      void queryClient.invalidateQueries({ queryKey: rootKeys.approvals });
    },
  });
}
