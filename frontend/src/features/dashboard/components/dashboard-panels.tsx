import { Link } from 'react-router';

import { BarChart } from '@/components/ui/bar-chart';
import { Card } from '@/components/ui/page-header';
import { formatDateTime, formatMoney, humanize } from '@/lib/format';
import type { DashboardStats } from '@/types';

type Amount = DashboardStats['spend_this_month'][number];
type DepartmentBudget = DashboardStats['budgets'][number];
type ActivityEvent = DashboardStats['recent_activity'][number];

export function StatTile({ label, value, to }: { label: string; value: React.ReactNode; to?: string }) {
  const body = (
    <>
      <p className="text-sm text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{value}</p>
    </>
  );
  return to ? (
    <Link to={to} className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300">
      {body}
    </Link>
  ) : (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">{body}</div>
  );
}

function amounts(list: Amount[]): string {
  return list.length
    ? list.map((item) => formatMoney(item.amount, item.currency)).join(' · ')
    : formatMoney('0', 'USD');
}

export function RequestsByStatus({ stats }: { stats: DashboardStats }) {
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {Object.entries(stats.requests_by_status).map(([status, count]) => (
        <StatTile key={status} label={humanize(status)} value={count} to={`/purchase-requests?status=${status}`} />
      ))}
    </div>
  );
}

export function ApproverTiles({ stats }: { stats: DashboardStats }) {
  return (
    <div className="grid grid-cols-2 gap-3">
      <StatTile label="Waiting for you" value={stats.pending_approvals} to="/approvals" />
      <StatTile label="You approved today" value={stats.approved_today} />
    </div>
  );
}

export function OrderTotals({ stats }: { stats: DashboardStats }) {
  const open = (stats.orders_by_status.ISSUED ?? 0) + (stats.orders_by_status.PARTIALLY_RECEIVED ?? 0);
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
      <StatTile label="Spend this month" value={amounts(stats.spend_this_month)} />
      <StatTile label="Spend this year" value={amounts(stats.spend_this_year)} />
      <StatTile label="Open orders" value={open} to="/purchase-orders" />
    </div>
  );
}

export function OrdersByStatus({ stats }: { stats: DashboardStats }) {
  const data = Object.entries(stats.orders_by_status).map(([status, count]) => ({
    label: humanize(status),
    value: count,
    display: String(count),
  }));
  return (
    <Card title="Orders by status">
      <BarChart title="Purchase orders by status" data={data} />
    </Card>
  );
}

export function SpendByMonth({ stats }: { stats: DashboardStats }) {
  const rows = stats.spend_by_month;
  return (
    <Card title="Spend by month">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">No orders issued in the last twelve months.</p>
      ) : (
        <BarChart
          title="Spend per month over the last twelve months"
          data={rows.map((row) => ({
            label: rows.some((other) => other.currency !== row.currency) ? `${row.month} ${row.currency}` : row.month,
            value: Number(row.amount),
            display: formatMoney(row.amount, row.currency),
          }))}
        />
      )}
    </Card>
  );
}

export function BudgetUsage({ budgets }: { budgets: DepartmentBudget[] }) {
  return (
    <Card title="Budget used per department">
      {budgets.length === 0 ? (
        <p className="text-sm text-slate-500">No departments.</p>
      ) : (
        <ul className="space-y-3">
          {budgets.map((budget) => {
            const used = budget.used_percent ?? 0;
            return (
              <li key={budget.id}>
                <div className="flex justify-between text-sm">
                  <span className="font-medium text-slate-800">{budget.name}</span>
                  <span className="text-slate-600 tabular-nums">
                    {budget.committed} of {budget.annual_budget} (
                    {budget.used_percent === null ? 'no budget' : `${used}%`})
                  </span>
                </div>
                <div
                  className="mt-1 h-2 overflow-hidden rounded-full bg-slate-200"
                  role="meter"
                  aria-label={`${budget.name} budget used`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.min(100, used)}
                >
                  <div
                    className={
                      used > 90 ? 'h-full bg-red-500' : used > 70 ? 'h-full bg-amber-500' : 'h-full bg-emerald-500'
                    }
                    style={{ width: `${Math.min(100, used)}%` }}
                  />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function activityLink(event: ActivityEvent): string | null {
  if (event.object_type === 'purchases.purchaserequest') return `/purchase-requests/${event.object_id}`;
  if (event.object_type === 'purchases.purchaseorder') return `/purchase-orders/${event.object_id}`;
  return null;
}

export function RecentActivity({ events }: { events: ActivityEvent[] }) {
  return (
    <Card title="Recent activity">
      {events.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing has happened yet.</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {events.map((event) => {
            const link = activityLink(event);
            return (
              <li key={event.id} className="flex flex-wrap justify-between gap-2 border-b border-slate-100 pb-2">
                <span>
                  {link ? (
                    <Link to={link} className="font-medium text-indigo-700 hover:underline">
                      {event.object_repr}
                    </Link>
                  ) : (
                    <span className="font-medium">{event.object_repr}</span>
                  )}{' '}
                  {humanize(event.action.split('.').pop() ?? event.action).toLowerCase()}
                  {event.actor && <span className="text-slate-500"> by {event.actor}</span>}
                </span>
                <time dateTime={event.created_at} className="text-slate-500">
                  {formatDateTime(event.created_at)}
                </time>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
