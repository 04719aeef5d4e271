import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { PurchaseOrderDetail } from '@/types';

import { purchaseOrderKeys } from './keys';

export function getPurchaseOrder(id: number, signal?: AbortSignal) {
  return api<PurchaseOrderDetail>(`/api/purchase-orders/${id}/`, { signal });
}

export const purchaseOrderQueryOptions = (id: number) =>
  queryOptions({
    queryKey: purchaseOrderKeys.detail(id),
    queryFn: ({ signal }) => getPurchaseOrder(id, signal),
  });

export function usePurchaseOrder(id: number) {
  return useQuery(purchaseOrderQueryOptions(id));
}
