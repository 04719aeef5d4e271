import { rootKeys } from '@/lib/query-keys';

export type PurchaseRequestFilters = {
  search?: string;
  status?: string;
  ordering?: string;
  page?: number;
  page_size?: number;
  department?: string;
  vendor?: string;
  created_after?: string;
  created_before?: string;
};

export const purchaseRequestKeys = {
  all: rootKeys.purchaseRequests,
  lists: () => [...rootKeys.purchaseRequests, 'list'] as const,
  list: (filters: PurchaseRequestFilters) => [...rootKeys.purchaseRequests, 'list', filters] as const,
  detail: (id: number) => [...rootKeys.purchaseRequests, 'detail', id] as const,
  history: (id: number) => [...rootKeys.purchaseRequests, 'history', id] as const,
};
