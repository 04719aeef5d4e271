import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, type RouteObject } from 'react-router';

import { approvalsQueryOptions, DASHBOARD_INBOX_FILTERS } from '@/features/approvals/api/get-approvals';
import { dashboardStatsQueryOptions } from '@/features/dashboard/api/get-dashboard-stats';
import { can, meQueryOptions } from '@/lib/auth';

import DashboardRoute from './routes/dashboard';
import LoginRoute from './routes/login';
import { RequireAuth } from './routes/require-auth';
import { RouteError } from './routes/route-error';

// The login and the dashboard are in the first bundle; every other screen loads on demand.
function lazyRoute(load: () => Promise<{ default: React.ComponentType }>): RouteObject['lazy'] {
  return async () => ({ Component: (await load()).default });
}

/** No waterfall: the dashboard's figures are asked for beside the signed-in user, not after it;
 * an approver's inbox as soon as the user is known. Nothing waits for these prefetches. */
function dashboardLoader(queryClient: QueryClient) {
  return () => {
    void queryClient.prefetchQuery(dashboardStatsQueryOptions());
    void queryClient
      .ensureQueryData(meQueryOptions())
      .then((me) => {
        if (can(me, 'approval.act')) return queryClient.prefetchQuery(approvalsQueryOptions(DASHBOARD_INBOX_FILTERS));
      })
      .catch(() => undefined); // signed out: RequireAuth sends the visitor to the login
    return null;
  };
}

export const createRoutes = (queryClient: QueryClient): RouteObject[] => [
  { path: '/login', element: <LoginRoute /> },
  {
    path: '/',
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <DashboardRoute />, loader: dashboardLoader(queryClient) },
      { path: 'purchase-requests', lazy: lazyRoute(() => import('./routes/purchase-requests/list')) },
      { path: 'purchase-requests/new', lazy: lazyRoute(() => import('./routes/purchase-requests/new')) },
      { path: 'purchase-requests/:id', lazy: lazyRoute(() => import('./routes/purchase-requests/detail')) },
      { path: 'purchase-requests/:id/edit', lazy: lazyRoute(() => import('./routes/purchase-requests/edit')) },
      { path: 'approvals', lazy: lazyRoute(() => import('./routes/approvals')) },
      { path: 'approval-link', lazy: lazyRoute(() => import('./routes/approval-link')) },
      { path: 'delegations', lazy: lazyRoute(() => import('./routes/delegations')) },
      { path: 'procurement-queue', lazy: lazyRoute(() => import('./routes/procurement-queue')) },
      { path: 'purchase-orders', lazy: lazyRoute(() => import('./routes/purchase-orders/list')) },
      { path: 'purchase-orders/:id', lazy: lazyRoute(() => import('./routes/purchase-orders/detail')) },
      { path: 'invoices', lazy: lazyRoute(() => import('./routes/invoices/list')) },
      { path: 'invoices/:id', lazy: lazyRoute(() => import('./routes/invoices/detail')) },
      { path: 'ap-inbox', lazy: lazyRoute(() => import('./routes/invoices/inbox')) },
      { path: 'documents', lazy: lazyRoute(() => import('./routes/documents/list')) },
      { path: 'documents/:id', lazy: lazyRoute(() => import('./routes/documents/detail')) },
      { path: 'vendors', lazy: lazyRoute(() => import('./routes/vendors')) },
      { path: 'vendors/:id', lazy: lazyRoute(() => import('./routes/vendor-detail')) },
      { path: 'payment-runs', lazy: lazyRoute(() => import('./routes/payments/list')) },
      { path: 'payment-runs/:id', lazy: lazyRoute(() => import('./routes/payments/detail')) },
      { path: 'bank-statements', lazy: lazyRoute(() => import('./routes/payments/statements')) },
      { path: 'departments', lazy: lazyRoute(() => import('./routes/departments')) },
      { path: 'users', lazy: lazyRoute(() => import('./routes/users')) },
      { path: 'audit-trail', lazy: lazyRoute(() => import('./routes/audit-trail')) },
      { path: 'reports', lazy: lazyRoute(() => import('./routes/reports')) },
      { path: 'exchange-rates', lazy: lazyRoute(() => import('./routes/exchange-rates')) },
      { path: '*', lazy: lazyRoute(() => import('./routes/forbidden')) },
    ],
  },
];

export function createRouter(queryClient: QueryClient) {
  return createBrowserRouter(createRoutes(queryClient));
}
