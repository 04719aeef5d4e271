import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { apiError, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';
import type { InvoiceDetail } from '@/types';

import { InvoiceCorrectionForm, type CorrectionLookups } from './invoice-correction-form';

const invoice = {
  id: 7,
  number: 'ACME-7781',
  status: 'ON_HOLD',
  match_status: 'on_hold',
  currency: 'USD',
  invoice_date: '2026-11-02',
  due_date: '2026-12-02',
  payment_terms: '',
  subtotal: '29.950',
  tax: '0.000',
  total: '29.950',
  vendor: { id: 3, name: 'Acme Office Supplies' },
  purchase_order: { id: 4, number: 'PO-2026-000004', status: 'ISSUED' },
  lines: [
    {
      id: 70,
      position: 1,
      description: 'Paper',
      quantity: '3.000',
      unit_price: '9.990',
      amount: '29.950',
      tax_rate: '20.000',
      po_line: { id: 31 },
    },
  ],
  holds: [],
  extracted: { total: { value: '29.95', confidence: 0.98 }, number: { value: null, confidence: null } },
  match_result: {},
} as unknown as InvoiceDetail;

const lookups: CorrectionLookups = {
  searchVendors: () => Promise.resolve([]),
  searchOrders: () => Promise.resolve([]),
  orderLines: () => Promise.resolve([{ id: 31, name: '1. Paper (3 at 9.99)' }]),
};

function capture() {
  const sent: unknown[] = [];
  server.use(
    http.patch('*/api/invoices/7/', async ({ request }) => {
      sent.push(await request.json());
      return HttpResponse.json({ ...invoice, match_status: 'matched' });
    }),
  );
  return sent;
}

describe('InvoiceCorrectionForm', () => {
  it('shows which fields were read and how surely', async () => {
    renderWithProviders(<InvoiceCorrectionForm invoice={invoice} lookups={lookups} onDone={() => undefined} />);
    expect(await screen.findByText('read 98%')).toBeInTheDocument();
    expect(screen.getByText('not read')).toBeInTheDocument();
  });

  it('a changed description keeps the amount and tax rate as read; a changed quantity lets the server work it out', async () => {
    const sent = capture();
    const { user } = renderWithProviders(
      <InvoiceCorrectionForm invoice={invoice} lookups={lookups} onDone={() => undefined} />,
    );
    await screen.findByRole('option', { name: '1. Paper (3 at 9.99)' });
    await user.type(screen.getByLabelText('Line 1 description'), ' A4');
    await user.click(screen.getByRole('button', { name: 'Save and match' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      lines: [
        {
          description: 'Paper A4',
          quantity: '3',
          unit_price: '9.99',
          amount: '29.950',
          tax_rate: '20.000',
          po_line: 31,
        },
      ],
    });

    await user.clear(screen.getByLabelText('Quantity'));
    await user.type(screen.getByLabelText('Quantity'), '2');
    await user.click(screen.getByRole('button', { name: 'Save and match' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect((sent[1] as { lines: Array<{ amount: unknown }> }).lines[0]?.amount).toBeNull();
  });

  it('a refusal about a field the form does not show is said above the form', async () => {
    server.use(
      http.patch('*/api/invoices/7/', () =>
        apiError(400, 'validation_error', 'Some fields of the invoice are invalid.', {
          lines: { '0': { amount: ['3 x 9.99 is not 29.95.'] } },
        }),
      ),
    );
    const { user } = renderWithProviders(
      <InvoiceCorrectionForm invoice={invoice} lookups={lookups} onDone={() => undefined} />,
    );
    await user.clear(screen.getByLabelText(/^Total/));
    await user.type(screen.getByLabelText(/^Total/), '30');
    await user.click(screen.getByRole('button', { name: 'Save and match' }));
    expect(await screen.findByText('3 x 9.99 is not 29.95.')).toBeInTheDocument();
  });
});
