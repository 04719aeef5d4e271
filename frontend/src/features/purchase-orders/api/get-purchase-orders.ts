import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { PurchaseOrderPage } from '@/types';

import { purchaseOrderKeys, type PurchaseOrderFilters } from './keys';

export function getPurchaseOrders(filters: PurchaseOrderFilters, signal?: AbortSignal) {
  return api<PurchaseOrderPage>('/api/purchase-orders/', { params: filters, signal });
}

export const purchaseOrdersQueryOptions = (filters: PurchaseOrderFilters) =>
  queryOptions({
    queryKey: purchaseOrderKeys.list(filters),
    queryFn: ({ signal }) => getPurchaseOrders(filters, signal),
    placeholderData: keepPreviousData,
  });

export function usePurchaseOrders(filters: PurchaseOrderFilters) {
  return useQuery(purchaseOrdersQueryOptions(filters));
}

/** Orders matching `text` (number, request, vendor), newest first, for a search-backed picker. */
export async function searchPurchaseOrders(text: string): Promise<Array<{ id: number; name: string }>> {
  const page = await getPurchaseOrders({ search: text.trim() || undefined, page_size: 20 });
  return page.results.map((order) => ({ id: order.id, name: `${order.number} · ${order.vendor.name}` }));
}
