import { Link } from 'react-router';

import { BarChart } from '@/components/ui/bar-chart';
import { Card } from '@/components/ui/page-header';
import { formatDateTime, formatMoney, humanize } from '@/lib/format';
import type { DashboardStats } from '@/types';

type Amount = DashboardStats['spend_this_month'][number];
type DepartmentBudget = DashboardStats['budgets'][number];
type ActivityEvent = DashboardStats['recent_activity'][number];

export function StatTile({
  label,
  value,
  detail,
  to,
}: {
  label: string;
  value: React.ReactNode;
  /** A line under the figure (what it is in, a breakdown). */
  detail?: React.ReactNode;
  to?: string;
}) {
  const body = (
    <>
      <p className="text-sm text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{value}</p>
      {detail && <div className="mt-1 space-y-0.5 text-xs text-slate-500">{detail}</div>}
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

/** The exact sum of decimal strings (money is never added up as floats), with the most decimals among them. */
export function sumDecimals(values: readonly string[]): string {
  const parsed = values.map((value) => /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim()));
  const scale = Math.max(2, ...parsed.map((match) => match?.[3]?.length ?? 0));
  let total = 0n;
  for (const match of parsed) {
    if (!match) continue;
    const units = BigInt((match[2] || '0') + (match[3] ?? '').padEnd(scale, '0'));
    total += match[1] ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** A spend in the base currency, with the per-currency amounts beneath when there are other currencies. */
function SpendTile({
  label,
  total,
  baseCurrency,
  perCurrency,
}: {
  label: string;
  total: string;
  baseCurrency: string;
  perCurrency: Amount[];
}) {
  const breakdown = perCurrency.length > 1 || perCurrency.some((item) => item.currency !== baseCurrency);
  return (
    <StatTile
      label={label}
      value={formatMoney(total || '0', baseCurrency)}
      detail={
        <>
          <p>{baseCurrency}, all currencies converted</p>
          {breakdown && (
            <p>By currency: {perCurrency.map((item) => formatMoney(item.amount, item.currency)).join(' · ')}</p>
          )}
        </>
      }
    />
  );
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
      <SpendTile
        label="Spend this month"
        total={stats.spend_this_month_base}
        baseCurrency={stats.base_currency}
        perCurrency={stats.spend_this_month}
      />
      <SpendTile
        label="Spend this year"
        total={stats.spend_this_year_base}
        baseCurrency={stats.base_currency}
        perCurrency={stats.spend_this_year}
      />
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

/** Each month's spend, every currency converted to the base currency and added up. */
export function spendPerMonth(rows: DashboardStats['spend_by_month']): Array<{ month: string; amount: string }> {
  const byMonth = new Map<string, string[]>();
  for (const row of rows) byMonth.set(row.month, [...(byMonth.get(row.month) ?? []), row.amount_base]);
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, amounts]) => ({ month, amount: sumDecimals(amounts) }));
}

export function SpendByMonth({ stats }: { stats: DashboardStats }) {
  const months = spendPerMonth(stats.spend_by_month);
  return (
    <Card title={`Spend by month (${stats.base_currency})`}>
      {months.length === 0 ? (
        <p className="text-sm text-slate-500">No orders issued in the last twelve months.</p>
      ) : (
        <BarChart
          title={`Spend per month over the last twelve months, in ${stats.base_currency}, all currencies converted`}
          data={months.map((row) => ({
            label: row.month,
            value: Number(row.amount),
            display: formatMoney(row.amount, stats.base_currency),
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
                  )}
                  {/* What happened and who caused it, worded by the API ("Goods received by …"). */}
                  <span className="block text-slate-600">{event.summary}</span>
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
