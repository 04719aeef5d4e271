import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { PurchaseOrderDetail } from '@/types';

import { purchaseOrderKeys } from './keys';

export function cancelPurchaseOrder(id: number) {
  return api<PurchaseOrderDetail>(`/api/purchase-orders/${id}/cancel/`, { method: 'POST' });
}

export function useCancelPurchaseOrder(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => cancelPurchaseOrder(id),
    onSuccess: (order) => {
      queryClient.setQueryData(purchaseOrderKeys.detail(id), order);
      void queryClient.invalidateQueries({ queryKey: purchaseOrderKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
    },
  });
}
