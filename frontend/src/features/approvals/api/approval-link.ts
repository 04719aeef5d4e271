import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { ApprovalLinkOutput, PurchaseRequestDetail } from '@/types';

/** What an e-mailed approve/reject link would do; reading it changes nothing. */
export function useApprovalLink(token: string) {
  return useQuery({
    queryKey: [...rootKeys.approvals, 'link', token],
    queryFn: ({ signal }) => api<ApprovalLinkOutput>('/api/approval-links/', { params: { token }, signal }),
    enabled: Boolean(token),
    retry: false,
  });
}

export function useDecideByLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { token: string; comment: string }) =>
      api<PurchaseRequestDetail>('/api/approval-links/', { method: 'POST', json: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: rootKeys.approvals });
      void queryClient.invalidateQueries({ queryKey: rootKeys.purchaseRequests });
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
    },
  });
}
