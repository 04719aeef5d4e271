import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { PurchaseRequestPage } from '@/types';

import { purchaseRequestKeys, type PurchaseRequestFilters } from './keys';

export function getPurchaseRequests(filters: PurchaseRequestFilters, signal?: AbortSignal) {
  return api<PurchaseRequestPage>('/api/purchase-requests/', { params: filters, signal });
}

export const purchaseRequestsQueryOptions = (filters: PurchaseRequestFilters) =>
  queryOptions({
    queryKey: purchaseRequestKeys.list(filters),
    queryFn: ({ signal }) => getPurchaseRequests(filters, signal),
    placeholderData: keepPreviousData,
  });

export function usePurchaseRequests(filters: PurchaseRequestFilters) {
  return useQuery(purchaseRequestsQueryOptions(filters));
}
