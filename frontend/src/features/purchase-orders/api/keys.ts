import { rootKeys } from '@/lib/query-keys';
import type { QueryOf } from '@/types';

/** `archived: true` lists the archived orders (the scheduled archive moves old finished ones there). */
export type PurchaseOrderFilters = QueryOf<'purchase_orders_list'>;

export const purchaseOrderKeys = {
  all: rootKeys.purchaseOrders,
  lists: () => [...rootKeys.purchaseOrders, 'list'] as const,
  list: (filters: PurchaseOrderFilters) => [...rootKeys.purchaseOrders, 'list', filters] as const,
  detail: (id: number) => [...rootKeys.purchaseOrders, 'detail', id] as const,
  queue: () => [...rootKeys.purchaseOrders, 'queue'] as const,
};
