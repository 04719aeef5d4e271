import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { DashboardStats } from '@/types';

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
