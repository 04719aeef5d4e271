import { screen } from '@testing-library/react';
import { http } from 'msw';

import { apiError, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';
import type { PurchaseOrderDetail } from '@/types';

import { GoodsReceiptForm } from './goods-receipt-form';

const order = {
  id: 4,
  number: 'PO-2026-000004',
  status: 'ISSUED',
  lines: [
    {
      id: 31,
      description: 'Printer paper A4, box',
      quantity: '3.000',
      received_quantity: '0.000',
      unit_price: '24.50',
      line_total: '73.50',
    },
    {
      id: 32,
      description: 'Toner cartridge',
      quantity: '2.000',
      received_quantity: '0.000',
      unit_price: '89.00',
      line_total: '178.00',
    },
  ],
} as unknown as PurchaseOrderDetail;

describe('GoodsReceiptForm server errors', () => {
  it('an over-receipt found by the server names the line it is about', async () => {
    server.use(
      http.post('*/api/purchase-orders/4/receipts/', () =>
        apiError(400, 'over_receipt', 'More would be received than was ordered.', {
          lines: { '32': 'Only 1.000 left to receive.' },
        }),
      ),
    );
    const { user } = renderWithProviders(<GoodsReceiptForm order={order} />);
    await user.click(screen.getByRole('button', { name: 'Receive all remaining' }));
    await user.click(screen.getByRole('button', { name: 'Record receipt' }));
    expect(
      await screen.findByText('More would be received than was ordered. Toner cartridge: Only 1.000 left to receive.'),
    ).toBeInTheDocument();
  });

  it('a refused line is named by its position in what was sent, not in the form', async () => {
    server.use(
      http.post('*/api/purchase-orders/4/receipts/', () =>
        apiError(400, 'validation_error', 'Some receipt lines are invalid.', {
          lines: { '0': ['Line 32 is not a line of PO-2026-000004.'] },
        }),
      ),
    );
    const { user } = renderWithProviders(<GoodsReceiptForm order={order} />);
    await user.type(screen.getByLabelText('Received now: Toner cartridge'), '1'); // only the toner is sent
    await user.click(screen.getByRole('button', { name: 'Record receipt' }));
    expect(
      await screen.findByText(
        'Some receipt lines are invalid. Toner cartridge: Line 32 is not a line of PO-2026-000004.',
      ),
    ).toBeInTheDocument();
  });

  it('starts at nothing received, and sends what was refused with its note and the delivery note', async () => {
    let sent: unknown;
    server.use(
      http.post('*/api/purchase-orders/4/receipts/', async ({ request }) => {
        sent = await request.json();
        return apiError(409, 'invalid_transition', 'stop here');
      }),
    );
    const { user } = renderWithProviders(<GoodsReceiptForm order={order} />);
    expect(screen.getByLabelText('Received now: Printer paper A4, box')).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'Record receipt' }));
    expect(await screen.findByText('Enter a received or refused quantity on at least one line')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Delivery note number'), 'DN-1');
    await user.type(screen.getByLabelText('Received now: Toner cartridge'), '1');
    await user.type(screen.getByLabelText('Refused: Toner cartridge'), '1');
    await user.type(screen.getByLabelText('Line note: Toner cartridge'), 'box crushed');
    await user.click(screen.getByRole('button', { name: 'Record receipt' }));
    expect(await screen.findByText('stop here')).toBeInTheDocument();
    expect(sent).toEqual({
      delivery_note: 'DN-1',
      note: '',
      lines: [{ po_line: 32, quantity: '1', rejected_quantity: '1', note: 'box crushed' }],
    });
  });
});
