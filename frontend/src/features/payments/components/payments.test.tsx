import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { apiError, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';
import type { BankAccount, PaymentRunDetail as Run } from '@/types';

import { VendorBankAccounts } from './bank-accounts';
import { PaymentRunDetail } from './payment-run-detail';

const account = {
  id: 5,
  holder: 'Initech Software',
  iban: 'NL91ABNA0417164300',
  account_number: '',
  bank_code: '',
  bic: 'ABNANL2A',
  bank_name: 'ABN AMRO BANK N.V.',
  currency: 'USD',
  is_default: true,
  is_active: true,
  status: 'unconfirmed',
  entered_by: { id: 2, full_name: 'Paul Procurement' },
  confirmed_by: null,
  confirmed_at: null,
  created_at: '2026-12-02T08:00:00Z',
  may_confirm: true,
} as unknown as BankAccount;

function accounts(results: BankAccount[]) {
  return HttpResponse.json({ count: results.length, next: null, previous: null, results });
}

const run = {
  id: 9,
  number: 'PAY-2026-000009',
  status: 'DRAFT',
  pay_date: '2026-12-03',
  due_by: '2026-12-31',
  company_account: { id: 1, name: 'Main EUR account', iban: 'DE89370400440532013000' },
  created_by: { id: 3, full_name: 'Fiona Finance' },
  approved_by: null,
  totals: [{ currency: 'EUR', amount: '2700.000', discount: '24.000' }],
  payments: [
    {
      id: 40,
      vendor: { id: 7, name: 'Müller Industriebedarf GmbH' },
      currency: 'EUR',
      amount: '2700.000',
      discount: '24.000',
      sepa: true,
      end_to_end_id: 'PAY-2026-000009-001',
      bank_account: { id: 5, holder: 'Müller', iban: 'DE02120300000000202051', bic: 'BYLADEM1001' },
      paid_on: null,
      items: [
        {
          invoice: { id: 11, kind: 'invoice', number: 'M-1', invoice_date: '2026-12-01', due_date: '2026-12-31' },
          amount: '1176.000',
          discount: '24.000',
        },
        {
          invoice: { id: 12, kind: 'invoice', number: 'M-2', invoice_date: '2026-11-20', due_date: '2026-12-20' },
          amount: '1524.000',
          discount: '0.000',
        },
      ],
    },
  ],
  excluded: [
    {
      invoice: 13,
      number: 'VD-77',
      kind: 'invoice',
      vendor: 8,
      vendor_name: 'Van Dijk',
      currency: 'EUR',
      amount: '45.000',
      reason: 'Its bank account NL91ABNA0417164300 is not confirmed yet: a second person must confirm it.',
    },
  ],
  has_sepa_file: true,
  has_other_file: false,
  may_approve: false,
} as unknown as Run;

describe('VendorBankAccounts', () => {
  it('warns about an unconfirmed account and confirms it after the dialog', async () => {
    const confirmed: number[] = [];
    server.use(
      http.get('*/api/vendors/3/bank-accounts/', () => accounts([account])),
      http.post('*/api/vendors/3/bank-accounts/5/confirm/', () => {
        confirmed.push(5);
        return HttpResponse.json({ ...account, status: 'confirmed' });
      }),
    );
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { user } = renderWithProviders(
      <VendorBankAccounts vendorId={3} vendorName="Initech Software" currency="USD" />,
    );
    expect(await screen.findByText(/payment runs leave this vendor out/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(confirmed).toEqual([5]));
  });

  it('shows the IBAN the server refused beside its field', async () => {
    server.use(
      http.get('*/api/vendors/3/bank-accounts/', () => accounts([])),
      http.post('*/api/vendors/3/bank-accounts/', () =>
        apiError(400, 'validation_error', 'The bank details are not valid.', {
          iban: ['Not a valid IBAN: Invalid checksum digits.'],
        }),
      ),
    );
    const { user } = renderWithProviders(
      <VendorBankAccounts vendorId={3} vendorName="Initech Software" currency="USD" />,
    );
    await user.click(await screen.findByRole('button', { name: 'Add an account' }));
    await user.type(screen.getByLabelText('IBAN'), 'NL91 ABNA 0417 1643 01');
    await user.click(screen.getByRole('button', { name: 'Save account' }));
    expect(await screen.findByText('Not a valid IBAN: Invalid checksum digits.')).toBeInTheDocument();
    expect(screen.getByLabelText('IBAN')).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('PaymentRunDetail', () => {
  it('its creator cannot approve it; what was left out says why; a removal is sent', async () => {
    const sent: unknown[] = [];
    server.use(
      http.patch('*/api/payment-runs/9/', async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json(run);
      }),
    );
    const { user } = renderWithProviders(<PaymentRunDetail run={run} canManage />);
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(screen.getByText(/is not confirmed yet/)).toBeInTheDocument();
    expect(screen.getByText(/after €24.00 discount/)).toBeInTheDocument();
    const [, second] = screen.getAllByRole('button', { name: 'Remove' });
    if (second) await user.click(second);
    await waitFor(() => expect(sent).toEqual([{ remove: [12] }]));
  });
});
