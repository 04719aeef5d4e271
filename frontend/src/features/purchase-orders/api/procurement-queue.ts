import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { ProcurementQueue, PurchaseRequestDetail } from '@/types';

import { purchaseOrderKeys } from './keys';

/** Procurement's work: approved requests waiting for a PO, and orders late for receipt. */
export function useProcurementQueue() {
  return useQuery({
    queryKey: purchaseOrderKeys.queue(),
    queryFn: ({ signal }) => api<ProcurementQueue>('/api/procurement-queue/', { signal }),
  });
}

/** Procurement closes an approved request no order will follow (its budget is released). */
export function useCloseRequest(requestId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      api<PurchaseRequestDetail>(`/api/purchase-requests/${requestId}/close/`, { method: 'POST', json: { reason } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: rootKeys.purchaseRequests });
      void queryClient.invalidateQueries({ queryKey: purchaseOrderKeys.queue() });
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
    },
  });
}
