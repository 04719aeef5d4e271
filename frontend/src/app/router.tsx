import { createBrowserRouter, type RouteObject } from 'react-router';

import DashboardRoute from './routes/dashboard';
import LoginRoute from './routes/login';
import { RequireAuth } from './routes/require-auth';
import { RouteError } from './routes/route-error';

// The login and the dashboard are in the first bundle; every other screen loads on demand.
function lazyRoute(load: () => Promise<{ default: React.ComponentType }>): RouteObject['lazy'] {
  return async () => ({ Component: (await load()).default });
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginRoute /> },
  {
    path: '/',
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <DashboardRoute /> },
      { path: 'purchase-requests', lazy: lazyRoute(() => import('./routes/purchase-requests/list')) },
      { path: 'purchase-requests/new', lazy: lazyRoute(() => import('./routes/purchase-requests/new')) },
      { path: 'purchase-requests/:id', lazy: lazyRoute(() => import('./routes/purchase-requests/detail')) },
      { path: 'purchase-requests/:id/edit', lazy: lazyRoute(() => import('./routes/purchase-requests/edit')) },
      { path: 'approvals', lazy: lazyRoute(() => import('./routes/approvals')) },
      { path: 'purchase-orders', lazy: lazyRoute(() => import('./routes/purchase-orders/list')) },
      { path: 'purchase-orders/:id', lazy: lazyRoute(() => import('./routes/purchase-orders/detail')) },
      { path: 'documents', lazy: lazyRoute(() => import('./routes/documents/list')) },
      { path: 'documents/:id', lazy: lazyRoute(() => import('./routes/documents/detail')) },
      { path: 'vendors', lazy: lazyRoute(() => import('./routes/vendors')) },
      { path: 'departments', lazy: lazyRoute(() => import('./routes/departments')) },
      { path: 'users', lazy: lazyRoute(() => import('./routes/users')) },
      { path: 'reports', lazy: lazyRoute(() => import('./routes/reports')) },
      { path: '*', lazy: lazyRoute(() => import('./routes/forbidden')) },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
