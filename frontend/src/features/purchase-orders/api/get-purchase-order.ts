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

/** An order's lines as picker options ("1. Laptop (2 at 1,200.00)"). */
export async function getPurchaseOrderLineOptions(id: number): Promise<Array<{ id: number; name: string }>> {
  const order = await getPurchaseOrder(id);
  return order.lines.map((line) => ({
    id: line.id,
    name: `${line.position}. ${line.description} (${Number(line.quantity)} at ${line.unit_price})`,
  }));
}
