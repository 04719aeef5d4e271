import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { BulkDecisionResult } from '@/types';

export type BulkDecision = { purchase_request: number; action: 'approve' | 'reject'; comment?: string };

/** Each decided on its own: one that fails (taken by someone else, cancelled) does not stop the others. */
export function useBulkDecide() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decisions: BulkDecision[]) =>
      api<BulkDecisionResult[]>('/api/approvals/bulk/', { method: 'POST', json: { decisions } }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: rootKeys.approvals });
      void queryClient.invalidateQueries({ queryKey: rootKeys.purchaseRequests });
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
    },
  });
}
