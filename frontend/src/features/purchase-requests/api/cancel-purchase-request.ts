import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { PurchaseRequestDetail } from '@/types';

import { purchaseRequestKeys } from './keys';

export function cancelPurchaseRequest(id: number) {
  return api<PurchaseRequestDetail>(`/api/purchase-requests/${id}/cancel/`, { method: 'POST' });
}

export function useCancelPurchaseRequest(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => cancelPurchaseRequest(id),
    onSuccess: (updated) => {
      queryClient.setQueryData(purchaseRequestKeys.detail(id), updated);
      void queryClient.invalidateQueries({ queryKey: purchaseRequestKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: purchaseRequestKeys.history(id) });
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
      void queryClient.invalidateQueries({ queryKey: rootKeys.approvals });
    },
  });
}
