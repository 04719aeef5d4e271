import { rootKeys } from '@/lib/query-keys';
import type { QueryOf } from '@/types';

/** A draft's total as being typed, for the live route preview. */
export type RoutePreview = { total?: string; currency?: string };

export type PurchaseRequestFilters = QueryOf<'purchase_requests_list'>;

export const purchaseRequestKeys = {
  all: rootKeys.purchaseRequests,
  lists: () => [...rootKeys.purchaseRequests, 'list'] as const,
  list: (filters: PurchaseRequestFilters) => [...rootKeys.purchaseRequests, 'list', filters] as const,
  detail: (id: number) => [...rootKeys.purchaseRequests, 'detail', id] as const,
  history: (id: number) => [...rootKeys.purchaseRequests, 'history', id] as const,
  route: (id: number | 'new', preview?: RoutePreview) =>
    [...rootKeys.purchaseRequests, 'route', id, ...(preview ? [preview] : [])] as const,
};
