import { fireEvent, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { recordRequests, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';
import type { SpendingReport as SpendingReportData } from '@/types';

import { SpendingReport } from './spending-report';

function answerReports() {
  server.use(
    http.get('*/api/reports/spending/', ({ request }) => {
      const params = new URL(request.url).searchParams;
      const body: SpendingReportData = {
        from: params.get('from') ?? '2026-01-01',
        to: params.get('to') ?? '2026-12-31',
        group_by: (params.get('group_by') ?? 'department') as SpendingReportData['group_by'],
        base_currency: 'USD',
        total_base: '1200.00',
        results: [
          {
            key: 'Acme',
            name: 'Acme',
            currency: 'USD',
            request_count: 1,
            approved_total: '1200.00',
            pending_total: '0.00',
            total: '1200.00',
          },
        ],
      };
      return HttpResponse.json(body);
    }),
  );
  return recordRequests();
}

describe('SpendingReport', () => {
  it('on a "to" before "from" keeps the URL grouping in the control and shows no earlier result', async () => {
    const recorded = answerReports();
    const { router } = renderWithProviders(<SpendingReport />, {
      url: '/reports?group_by=vendor&from=2026-01-01&to=2026-03-31',
    });
    expect(await screen.findByRole('heading', { name: 'Total by vendor, 2026-01-01 to 2026-03-31' })).toBeVisible();
    expect(screen.getByLabelText('Group by')).toHaveValue('vendor');

    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-12-01' } });

    expect(await screen.findByText("'To' must not be before 'from'")).toBeInTheDocument();
    expect(screen.getByLabelText('Group by')).toHaveValue('vendor');
    expect(new URLSearchParams(router.state.location.search).get('group_by')).toBe('vendor');
    expect(screen.queryByRole('heading', { name: /^Total by/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getByText('No report for these dates')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeDisabled();
    expect(recorded.count('GET', '/api/reports/spending/')).toBe(1); // nothing asked for the invalid range
  });

  it('asks for nothing while the dates in the URL are invalid, and reports once they are fixed', async () => {
    const recorded = answerReports();
    renderWithProviders(<SpendingReport />, { url: '/reports?group_by=month&from=2026-05-01&to=2026-04-01' });
    expect(screen.getByText("'To' must not be before 'from'")).toBeInTheDocument();
    expect(screen.getByLabelText('Group by')).toHaveValue('month');
    expect(recorded.count('GET', '/api/reports/spending/')).toBe(0);

    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-05-31' } });

    expect(await screen.findByRole('heading', { name: 'Total by month, 2026-05-01 to 2026-05-31' })).toBeVisible();
    expect(screen.queryByText("'To' must not be before 'from'")).not.toBeInTheDocument();
  });
});
