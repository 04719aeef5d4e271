import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { PurchaseOrderStatus, PurchaseRequestStatus } from '@/types';

// The schema describes this answer only in words (reports/apis.py DashboardStatsApi has no
// response serializer), so its shape is written here from reports/selectors.py.
export type Amount = { currency: string; amount: string };
export type DepartmentBudget = {
  id: number;
  code: string;
  name: string;
  annual_budget: string;
  committed: string;
  remaining: string;
  used_percent: number | null;
};
export type ActivityEvent = {
  id: number;
  action: string;
  object_type: string;
  object_id: string;
  object_repr: string;
  actor: string | null;
  created_at: string;
};
export type DashboardStats = {
  generated_at: string;
  requests_by_status: Record<PurchaseRequestStatus, number>;
  orders_by_status: Record<PurchaseOrderStatus, number>;
  spend_this_month: Amount[];
  spend_this_year: Amount[];
  spend_by_month: Array<{ month: string; currency: string; amount: string }>;
  pending_approvals: number;
  approved_today: number;
  budgets: DepartmentBudget[];
  recent_activity: ActivityEvent[];
};

/** Seed 3.2: the dashboard polls every 15 s; TanStack Query pauses it while the tab is hidden. */
export const DASHBOARD_POLL_MS = 15_000;

export function getDashboardStats(signal?: AbortSignal) {
  return api<DashboardStats>('/api/dashboard/stats/', { signal });
}

export const dashboardStatsQueryOptions = () =>
  queryOptions({
    queryKey: [...rootKeys.dashboard, 'stats'],
    queryFn: ({ signal }) => getDashboardStats(signal),
    refetchInterval: DASHBOARD_POLL_MS,
    refetchIntervalInBackground: false,
  });

export function useDashboardStats() {
  return useQuery(dashboardStatsQueryOptions());
}
