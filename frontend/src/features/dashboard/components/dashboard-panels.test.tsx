import { screen, within } from '@testing-library/react';

import { renderWithProviders } from '@/testing/render';
import type { DashboardStats } from '@/types';

import { OrderTotals, RecentActivity, SpendByMonth, spendPerMonth, sumDecimals } from './dashboard-panels';

function statsWith(overrides: Partial<DashboardStats>): DashboardStats {
  return {
    generated_at: '2026-03-15T10:00:00Z',
    requests_by_status: { DRAFT: 0, PENDING_APPROVAL: 0, APPROVED: 0, REJECTED: 0, CANCELLED: 0 },
    orders_by_status: { ISSUED: 2, PARTIALLY_RECEIVED: 1, RECEIVED: 0, CLOSED: 0, CANCELLED: 0 },
    base_currency: 'USD',
    spend_this_month_base: '0.00',
    spend_this_year_base: '0.00',
    spend_this_month: [],
    spend_this_year: [],
    spend_by_month: [],
    pending_approvals: 0,
    approved_today: 0,
    budgets: [],
    recent_activity: [],
    ...overrides,
  } as DashboardStats;
}

const tile = (label: string) => screen.getByText(label).parentElement as HTMLElement;

describe('OrderTotals', () => {
  it('shows the base-currency totals with the per-currency amounts beneath when there are several', () => {
    renderWithProviders(
      <OrderTotals
        stats={statsWith({
          spend_this_month_base: '1234.00',
          spend_this_month: [
            { currency: 'EUR', amount: '500.00' },
            { currency: 'USD', amount: '691.00' },
          ],
          spend_this_year_base: '98765.43',
          spend_this_year: [{ currency: 'USD', amount: '98765.43' }],
        })}
      />,
    );

    const month = tile('Spend this month');
    expect(month).toHaveTextContent('$1,234.00');
    expect(month).toHaveTextContent('USD, all currencies converted');
    expect(within(month).getByText(/^By currency:/)).toHaveTextContent('By currency: €500.00 · $691.00');

    // Only the base currency: nothing to break down.
    const year = tile('Spend this year');
    expect(year).toHaveTextContent('$98,765.43');
    expect(year).toHaveTextContent('USD, all currencies converted');
    expect(within(year).queryByText(/^By currency:/)).not.toBeInTheDocument();

    expect(tile('Open orders')).toHaveTextContent('3');
  });

  it('breaks down a single currency that is not the base one, and shows a zero in the base currency', () => {
    renderWithProviders(
      <OrderTotals
        stats={statsWith({
          base_currency: 'EUR',
          spend_this_month_base: '920.00',
          spend_this_month: [{ currency: 'USD', amount: '1000.00' }],
        })}
      />,
    );
    expect(tile('Spend this month')).toHaveTextContent('€920.00');
    expect(within(tile('Spend this month')).getByText(/^By currency:/)).toHaveTextContent('By currency: $1,000.00');
    expect(tile('Spend this year')).toHaveTextContent('€0.00');
    expect(tile('Spend this year')).toHaveTextContent('EUR, all currencies converted');
  });
});

describe('SpendByMonth', () => {
  it('adds up every currency of a month in the base currency, months in order', () => {
    renderWithProviders(
      <SpendByMonth
        stats={statsWith({
          spend_by_month: [
            { month: '2026-02', currency: 'USD', amount: '100.10', amount_base: '100.10' },
            { month: '2026-01', currency: 'EUR', amount: '200.00', amount_base: '216.84' },
            { month: '2026-02', currency: 'EUR', amount: '50.00', amount_base: '54.21' },
          ],
        })}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Spend by month (USD)' })).toBeInTheDocument();
    const bars = within(screen.getByRole('figure')).getAllByRole('listitem');
    expect(bars.map((bar) => bar.textContent)).toEqual(['2026-01$216.84', '2026-02$154.31']);
  });

  it('says when nothing was ordered', () => {
    renderWithProviders(<SpendByMonth stats={statsWith({})} />);
    expect(screen.getByText('No orders issued in the last twelve months.')).toBeInTheDocument();
  });
});

describe('RecentActivity', () => {
  it('says what happened and who caused it, linking the request or order', () => {
    const event = {
      object_type: 'purchases.purchaseorder',
      object_id: '7',
      object_repr: 'PO-2026-000007',
      created_at: '2026-03-15T10:00:00Z',
    };
    renderWithProviders(
      <RecentActivity
        events={[
          {
            ...event,
            id: 2,
            action: 'goods_receipt.create',
            summary: 'Goods received by alice@example.com',
            actor: 'alice@example.com',
          },
          {
            ...event,
            id: 1,
            action: 'purchase_order.create',
            summary: 'PO issued automatically on approval by bob@example.com',
            actor: 'bob@example.com',
          },
        ]}
      />,
    );
    const [received, issued] = screen.getAllByRole('listitem') as [HTMLElement, HTMLElement];
    expect(received).toHaveTextContent('PO-2026-000007Goods received by alice@example.com');
    expect(issued).toHaveTextContent('PO issued automatically on approval by bob@example.com');
    expect(screen.queryByText(/create/)).not.toBeInTheDocument();
    expect(within(received).getByRole('link', { name: 'PO-2026-000007' })).toHaveAttribute(
      'href',
      '/purchase-orders/7',
    );
  });
});

describe('sumDecimals', () => {
  it('adds decimal strings exactly', () => {
    expect(sumDecimals(['0.10', '0.20'])).toBe('0.30');
    expect(sumDecimals(['1', '2.5', '0.005'])).toBe('3.505');
    expect(sumDecimals(['-10.00', '2.50'])).toBe('-7.50');
    expect(sumDecimals([])).toBe('0.00');
  });

  it('groups the monthly rows', () => {
    expect(
      spendPerMonth([
        { month: '2026-03', currency: 'GBP', amount: '1.00', amount_base: '1.27' },
        { month: '2026-03', currency: 'USD', amount: '0.73', amount_base: '0.73' },
      ]),
    ).toEqual([{ month: '2026-03', amount: '2.00' }]);
  });
});
