import { Link } from 'react-router';

import { Card, PageHeader } from '@/components/ui/page-header';
import { PageSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { ApprovalsInbox } from '@/features/approvals/components/approvals-inbox';
import { useDashboardStats } from '@/features/dashboard/api/get-dashboard-stats';
import {
  ApproverTiles,
  BudgetUsage,
  OrderTotals,
  OrdersByStatus,
  RecentActivity,
  RequestsByStatus,
  SpendByMonth,
} from '@/features/dashboard/components/dashboard-panels';
import { isApiError } from '@/lib/api-client';
import { can } from '@/lib/auth';

import { useCurrentUser } from './use-current-user';

const buttonLink =
  'inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700';

export default function DashboardRoute() {
  const user = useCurrentUser();
  const stats = useDashboardStats();
  const isApprover = can(user, 'approval.act');
  const seesSpend = can(user, 'purchase_order.manage') || can(user, 'report.view');

  return (
    <div className="space-y-6">
      <PageHeader
        title={`Welcome, ${user.full_name || user.email}`}
        description="Updated every 15 seconds while this tab is open."
        actions={
          can(user, 'purchase_request.create') && (
            <Link to="/purchase-requests/new" className={buttonLink}>
              New purchase request
            </Link>
          )
        }
      />
      {stats.isPending ? (
        <PageSkeleton label="Loading the dashboard" />
      ) : stats.isError ? (
        isApiError(stats.error, 404) ? (
          <EmptyState title="The dashboard is not available yet">
            This server does not provide dashboard statistics.
          </EmptyState>
        ) : (
          <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
        )
      ) : (
        <>
          <section aria-labelledby="requests-heading" className="space-y-3">
            <h2 id="requests-heading" className="text-lg font-semibold text-slate-900">
              {seesSpend
                ? 'Requests by status'
                : isApprover
                  ? 'Requests you raised or approve, by status'
                  : 'Your requests by status'}
            </h2>
            <RequestsByStatus stats={stats.data} />
          </section>
          {isApprover && <ApproverTiles stats={stats.data} />}
          {seesSpend && (
            <>
              <OrderTotals stats={stats.data} />
              <div className="grid gap-6 lg:grid-cols-2">
                <SpendByMonth stats={stats.data} />
                <OrdersByStatus stats={stats.data} />
              </div>
              <BudgetUsage budgets={stats.data.budgets} />
            </>
          )}
        </>
      )}
      {isApprover && (
        <Card
          title="Your approval queue"
          actions={
            <Link to="/approvals" className="text-sm text-indigo-700 hover:underline">
              Open the inbox
            </Link>
          }
        >
          <ApprovalsInbox compact />
        </Card>
      )}
      {stats.isSuccess && <RecentActivity events={stats.data.recent_activity} />}
    </div>
  );
}
