import { rootKeys } from '@/lib/query-keys';
import type { QueryOf } from '@/types';

export type PurchaseRequestFilters = QueryOf<'purchase_requests_list'>;

export const purchaseRequestKeys = {
  all: rootKeys.purchaseRequests,
  lists: () => [...rootKeys.purchaseRequests, 'list'] as const,
  list: (filters: PurchaseRequestFilters) => [...rootKeys.purchaseRequests, 'list', filters] as const,
  detail: (id: number) => [...rootKeys.purchaseRequests, 'detail', id] as const,
  history: (id: number) => [...rootKeys.purchaseRequests, 'history', id] as const,
};
