import { focusManager, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';

import { recordRequests, server } from '@/testing/msw-server';
import { createTestQueryClient } from '@/testing/render';

import { dashboardStatsQueryOptions, useDashboardStats } from './get-dashboard-stats';

const STATS_PATH = '/api/dashboard/stats/';

function renderStats() {
  const queryClient = createTestQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  return renderHook(() => useDashboardStats(), { wrapper });
}

describe('dashboard stats polling', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let generation = 0;
    server.use(
      http.get(`*${STATS_PATH}`, () => HttpResponse.json({ generated_at: `t${generation++}`, pending_approvals: 2 })),
    );
  });
  afterEach(() => {
    focusManager.setFocused(undefined);
    vi.useRealTimers();
  });

  it('polls every 10 to 15 seconds, and not while the tab is hidden', () => {
    const options = dashboardStatsQueryOptions();
    expect(typeof options.refetchInterval).toBe('number');
    expect(options.refetchInterval).toBeGreaterThanOrEqual(10_000);
    expect(options.refetchInterval).toBeLessThanOrEqual(15_000);
    expect(options.refetchIntervalInBackground).toBe(false);
  });

  it('refetches once within 15 s of the last answer, but not sooner than 10 s', async () => {
    const log = recordRequests();
    const { result } = renderStats();
    await waitFor(() => expect(result.current.data?.generated_at).toBe('t0'));
    expect(log.count('GET', STATS_PATH)).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(9_900));
    expect(log.count('GET', STATS_PATH)).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(5_100));
    await waitFor(() => expect(result.current.data?.generated_at).toBe('t1'));
    expect(log.count('GET', STATS_PATH)).toBe(2);
  });

  it('stops polling while the tab is hidden and catches up when it shows again', async () => {
    const log = recordRequests();
    const { result } = renderStats();
    await waitFor(() => expect(result.current.isSuccess).toBe(true));

    act(() => focusManager.setFocused(false));
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(log.count('GET', STATS_PATH)).toBe(1);

    act(() => focusManager.setFocused(true));
    await waitFor(() => expect(log.count('GET', STATS_PATH)).toBe(2));
    await act(() => vi.advanceTimersByTimeAsync(15_000));
    await waitFor(() => expect(log.count('GET', STATS_PATH)).toBe(3));
  });
});
