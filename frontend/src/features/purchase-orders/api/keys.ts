import { rootKeys } from '@/lib/query-keys';

/** `archived: true` lists the archived orders (the scheduled archive moves old finished ones there). */
export type PurchaseOrderFilters = {
  search?: string;
  status?: string;
  archived?: boolean;
  ordering?: string;
  page?: number;
  page_size?: number;
};

export const purchaseOrderKeys = {
  all: rootKeys.purchaseOrders,
  lists: () => [...rootKeys.purchaseOrders, 'list'] as const,
  list: (filters: PurchaseOrderFilters) => [...rootKeys.purchaseOrders, 'list', filters] as const,
  detail: (id: number) => [...rootKeys.purchaseOrders, 'detail', id] as const,
};
