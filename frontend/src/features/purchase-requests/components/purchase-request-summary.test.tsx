import { render, screen } from '@testing-library/react';

import type { PurchaseRequestDetail } from '@/types';

import { PurchaseRequestSummary } from './purchase-request-summary';

function requestWith(overrides: Partial<PurchaseRequestDetail>): PurchaseRequestDetail {
  return {
    id: 9,
    number: 'PR-2026-0009',
    title: 'Laptops',
    status: 'PENDING_APPROVAL',
    currency: 'EUR',
    total: '1000.00',
    exchange_rate: null,
    total_base: null,
    requester: { id: 1, email: 'rita@example.com', full_name: 'Rita Requester' },
    department: { id: 2, code: 'ENG', name: 'Engineering' },
    vendor: null,
    needed_by: null,
    created_at: '2026-03-01T09:00:00Z',
    submitted_at: '2026-03-02T09:00:00Z',
    decided_at: null,
    justification: '',
    items: [],
    approval_steps: [],
    purchase_order: null,
    updated_at: '2026-03-02T09:00:00Z',
    ...overrides,
  } as PurchaseRequestDetail;
}

describe('PurchaseRequestSummary base-currency total', () => {
  it('shows the total in the base currency and the rate it was converted at', () => {
    render(<PurchaseRequestSummary request={requestWith({ exchange_rate: '1.0842000000', total_base: '1084.20' })} />);
    expect(screen.getByText('In the base currency')).toBeInTheDocument();
    expect(screen.getByText('≈ 1,084.20 at a rate of 1.0842')).toBeInTheDocument();
  });

  it('shows nothing to convert for a request in the base currency (rate 1)', () => {
    render(
      <PurchaseRequestSummary
        request={requestWith({ currency: 'USD', exchange_rate: '1.0000000000', total_base: '1000.00' })}
      />,
    );
    expect(screen.queryByText('In the base currency')).not.toBeInTheDocument();
  });

  it('shows nothing before the request is submitted (no rate yet)', () => {
    render(<PurchaseRequestSummary request={requestWith({ submitted_at: null })} />);
    expect(screen.queryByText('In the base currency')).not.toBeInTheDocument();
  });
});
