import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { PurchaseRequestDetail } from '@/types';

import { purchaseRequestKeys } from './keys';

export function getPurchaseRequest(id: number, signal?: AbortSignal) {
  return api<PurchaseRequestDetail>(`/api/purchase-requests/${id}/`, { signal });
}

export const purchaseRequestQueryOptions = (id: number) =>
  queryOptions({
    queryKey: purchaseRequestKeys.detail(id),
    queryFn: ({ signal }) => getPurchaseRequest(id, signal),
  });

export function usePurchaseRequest(id: number) {
  return useQuery(purchaseRequestQueryOptions(id));
}
