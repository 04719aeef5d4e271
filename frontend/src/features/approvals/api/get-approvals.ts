import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { InboxPage, QueryOf } from '@/types';

export type ApprovalFilters = QueryOf<'approvals_list'>;

/** The first few waiting requests, shown on an approver's dashboard. */
export const DASHBOARD_INBOX_FILTERS: ApprovalFilters = { page: 1, page_size: 5 };

export const approvalKeys = {
  all: rootKeys.approvals,
  list: (filters: ApprovalFilters) => [...rootKeys.approvals, 'list', filters] as const,
};

export function getApprovals(filters: ApprovalFilters, signal?: AbortSignal) {
  return api<InboxPage>('/api/approvals/', { params: filters, signal });
}

export const approvalsQueryOptions = (filters: ApprovalFilters = {}) =>
  queryOptions({
    queryKey: approvalKeys.list(filters),
    queryFn: ({ signal }) => getApprovals(filters, signal),
  });

export function useApprovals(filters: ApprovalFilters = {}, options: { refetchInterval?: number } = {}) {
  return useQuery({ ...approvalsQueryOptions(filters), ...options });
}
