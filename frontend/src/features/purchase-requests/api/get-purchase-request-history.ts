import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { HistoryPage } from '@/types';

import { purchaseRequestKeys } from './keys';

export function getPurchaseRequestHistory(id: number, signal?: AbortSignal) {
  return api<HistoryPage>(`/api/purchase-requests/${id}/history/`, { params: { page_size: 100 }, signal });
}

export const purchaseRequestHistoryQueryOptions = (id: number) =>
  queryOptions({
    queryKey: purchaseRequestKeys.history(id),
    queryFn: ({ signal }) => getPurchaseRequestHistory(id, signal),
  });

export function usePurchaseRequestHistory(id: number) {
  return useQuery(purchaseRequestHistoryQueryOptions(id));
}
