import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';

import { purchaseRequestKeys } from './keys';

export function deletePurchaseRequest(id: number) {
  return api<undefined>(`/api/purchase-requests/${id}/`, { method: 'DELETE' });
}

export function useDeletePurchaseRequest(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deletePurchaseRequest(id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: purchaseRequestKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: purchaseRequestKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
    },
  });
}
