import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { ApproverPage, DelegationOutput, DelegationPage } from '@/types';

const delegationKeys = {
  mine: [...rootKeys.delegations, 'mine'] as const,
  approvers: (search: string) => [...rootKeys.delegations, 'approvers', search] as const,
};

export function useDelegations() {
  return useQuery({
    queryKey: delegationKeys.mine,
    queryFn: ({ signal }) => api<DelegationPage>('/api/delegations/', { params: { page_size: 50 }, signal }),
  });
}

/** People who may approve (a delegate must), by name or address. */
export function searchApprovers(search: string) {
  return api<ApproverPage>('/api/approvers/', { params: { search, page_size: 20 } }).then((page) =>
    page.results.map((user) => ({ id: user.id, name: `${user.full_name || user.email} (${user.email})` })),
  );
}

export type DelegationInput = { delegate: number; starts_on: string; ends_on: string };

export function useCreateDelegation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DelegationInput) => api<DelegationOutput>('/api/delegations/', { method: 'POST', json: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: rootKeys.delegations });
      void queryClient.invalidateQueries({ queryKey: rootKeys.approvals });
    },
  });
}

export function useEndDelegation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<DelegationOutput>(`/api/delegations/${id}/`, { method: 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: rootKeys.delegations });
      void queryClient.invalidateQueries({ queryKey: rootKeys.approvals });
    },
  });
}
