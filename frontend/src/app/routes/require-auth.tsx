import { Navigate, Outlet, useLocation } from 'react-router';

import { AppLayout } from '@/components/layout/app-layout';
import { PageSkeleton } from '@/components/ui/skeleton';
import { ErrorState } from '@/components/ui/states';
import { NotificationBell } from '@/features/notifications/components/notification-bell';
import { isApiError } from '@/lib/api-client';
import { useUser } from '@/lib/auth';
import { useAuthStore } from '@/stores/auth-store';

/** The signed-in part of the app: the layout around the page, or the login when signed out. */
export function RequireAuth() {
  const location = useLocation();
  const status = useAuthStore((state) => state.status);
  const user = useUser();
  const next = encodeURIComponent(location.pathname + location.search);

  if (status === 'anonymous' || isApiError(user.error, 401)) return <Navigate to={`/login?next=${next}`} replace />;
  if (user.isPending) {
    return (
      <div className="p-8">
        <PageSkeleton label="Loading your workspace" />
      </div>
    );
  }
  if (user.isError) {
    return (
      <div className="p-8">
        <ErrorState error={user.error} onRetry={() => void user.refetch()} />
      </div>
    );
  }
  return (
    <AppLayout user={user.data} headerActions={<NotificationBell />}>
      <Outlet context={user.data} />
    </AppLayout>
  );
}
