import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderOptions } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';

import { Toaster } from '@/components/ui/toaster';

/** A QueryClient for one test: no retries, nothing kept after the test. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, gcTime: Infinity, staleTime: 0 },
      mutations: { retry: false },
    },
  });
}

type RenderWithProvidersOptions = {
  /** The URL the memory router starts at. */
  url?: string;
  /** The route pattern `ui` is mounted on (e.g. '/purchase-requests/:id'); every path by default. */
  path?: string;
  /** Further routes, e.g. where a successful form navigates to. */
  routes?: RouteObject[];
  queryClient?: QueryClient;
  renderOptions?: Omit<RenderOptions, 'wrapper'>;
  /** For fake timers: `{ advanceTimers: vi.advanceTimersByTime }`. */
  userOptions?: Parameters<typeof userEvent.setup>[0];
};

/**
 * Renders `ui` as the app does: inside a fresh QueryClient, a memory router and the toaster.
 * (src/testing may not import src/app, so the AppProvider's session-expiry wiring is left to
 * tests that need it.)
 */
export function renderWithProviders(ui: ReactElement, options: RenderWithProvidersOptions = {}) {
  const {
    url = '/',
    path = '*',
    routes = [],
    queryClient = createTestQueryClient(),
    renderOptions,
    userOptions,
  } = options;
  const router = createMemoryRouter([{ path, element: ui }, ...routes], { initialEntries: [url] });
  const user = userEvent.setup(userOptions);
  const result = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      <Toaster />
    </QueryClientProvider>,
    renderOptions,
  );
  return { ...result, user, router, queryClient };
}
