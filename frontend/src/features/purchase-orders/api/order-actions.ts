import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type {
  CancelOrderInput,
  DraftChanges,
  GoodsReceipt,
  PurchaseOrderDetail,
  ReturnInput,
  RevisionInput,
} from '@/types';

import { purchaseOrderKeys } from './keys';

/** After any change to an order: its detail is the answer; lists, requests and the dashboard refetch. */
function useOrderMutation<I, R extends PurchaseOrderDetail | GoodsReceipt>(id: number, send: (input: I) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (answer) => {
      const order: PurchaseOrderDetail = 'purchase_request' in answer ? answer : answer.purchase_order;
      queryClient.setQueryData(purchaseOrderKeys.detail(id), order);
      void queryClient.invalidateQueries({ queryKey: purchaseOrderKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: rootKeys.purchaseRequests });
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
      void queryClient.invalidateQueries({ queryKey: purchaseOrderKeys.queue() });
    },
  });
}

const post = <T>(path: string, json?: unknown, idempotencyKey?: string) =>
  api<T>(path, {
    method: 'POST',
    json,
    headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined,
  });

export const useUpdateDraft = (id: number) =>
  useOrderMutation(id, (changes: DraftChanges) =>
    api<PurchaseOrderDetail>(`/api/purchase-orders/${id}/`, { method: 'PATCH', json: changes }),
  );

export const useIssueOrder = (id: number) =>
  useOrderMutation(id, () => post<PurchaseOrderDetail>(`/api/purchase-orders/${id}/issue/`));

export const useReviseOrder = (id: number) =>
  useOrderMutation(id, ({ input, idempotencyKey }: { input: RevisionInput; idempotencyKey: string }) =>
    post<PurchaseOrderDetail>(`/api/purchase-orders/${id}/revisions/`, input, idempotencyKey),
  );

export const useCancelOrder = (id: number) =>
  useOrderMutation(id, (input: CancelOrderInput) =>
    post<PurchaseOrderDetail>(`/api/purchase-orders/${id}/cancel/`, input),
  );

export const useReturnGoods = (id: number) =>
  useOrderMutation(id, ({ input, idempotencyKey }: { input: ReturnInput; idempotencyKey: string }) =>
    post<GoodsReceipt>(`/api/purchase-orders/${id}/returns/`, input, idempotencyKey),
  );
