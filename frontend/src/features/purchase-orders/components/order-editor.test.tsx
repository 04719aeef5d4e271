import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';
import type { PurchaseOrderDetail } from '@/types';

import { OrderEditor } from './order-editor';

const draft = {
  id: 9,
  number: 'PO-2026-000009',
  label: 'PO-2026-000009',
  status: 'DRAFT',
  currency: 'USD',
  vendor: { id: 1, name: 'Globex Hardware' },
  vendor_currency: 'EUR',
  approved_total: '1000.00',
  max_total: '1050.00',
  expected_delivery: null,
  ship_to: 'Dock 4',
  payment_terms: 'net 30',
  incoterms: '',
  notes: '',
  lines: [
    {
      id: 71,
      position: 1,
      description: 'Chair',
      quantity: '10.000',
      unit_price: '100.00',
      line_total: '1000.00',
      tax_rate: '0.00',
      received_quantity: '0.000',
      invoiced_quantity: '0.000',
    },
  ],
} as unknown as PurchaseOrderDetail;

describe('OrderEditor', () => {
  it('warns of the vendor currency and refuses a total beyond the tolerance before sending', async () => {
    const { user } = renderWithProviders(<OrderEditor order={draft} mode="draft" />);
    expect(screen.getByText('Globex Hardware bills in EUR; this order is in USD.')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Unit price (USD)'));
    await user.type(screen.getByLabelText('Unit price (USD)'), '106');
    expect(
      screen.getByText(/Total before tax \$1,060\.00; approved \$1,000\.00, at most \$1,050\.00/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Issue and send to Globex Hardware' })).toBeDisabled();
  });

  it('saves the draft with the lines as the API takes them, locale numbers included', async () => {
    let sent: unknown;
    server.use(
      http.patch('*/api/purchase-orders/9/', async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(draft);
      }),
    );
    const { user } = renderWithProviders(<OrderEditor order={draft} mode="draft" />);
    await user.clear(screen.getByLabelText('Unit price (USD)'));
    await user.type(screen.getByLabelText('Unit price (USD)'), '102,50');
    await user.clear(screen.getByLabelText('Tax %'));
    await user.type(screen.getByLabelText('Tax %'), '19');
    await user.click(screen.getByRole('button', { name: 'Add a line' }));
    await user.type(screen.getAllByLabelText('Item').at(-1) as HTMLElement, 'Chair mat');
    await user.type(screen.getAllByLabelText(/Unit price/).at(-1) as HTMLElement, '40');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText('Draft saved.')).toBeInTheDocument();
    expect(sent).toMatchObject({
      lines: [
        { po_line: 71, description: 'Chair', quantity: '10', unit_price: '102.50', tax_rate: '19' },
        { description: 'Chair mat', quantity: '1', unit_price: '40', tax_rate: '0' },
      ],
      ship_to: 'Dock 4',
      expected_delivery: null,
    });
  });
});
