import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { apiError, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';

import { PurchaseRequestForm, toFormValues } from './purchase-request-form';
import { createPurchaseRequest, type PurchaseRequestInput } from '../api/create-purchase-request';

function renderForm(onSubmit: (input: PurchaseRequestInput) => Promise<unknown> = () => Promise.resolve()) {
  return renderWithProviders(
    <PurchaseRequestForm
      defaultValues={toFormValues()}
      searchVendors={() => Promise.resolve([{ id: 4, name: 'Acme Office' }])}
      submitLabel="Save draft"
      onSubmit={onSubmit}
    />,
  );
}

const total = () => screen.getByTestId('request-total');
/** The "Line total" cell of row `n` (1-based). */
const lineTotal = (n: number) => {
  const row = screen.getByLabelText(`Item ${n} quantity`).closest('tr');
  if (!row) throw new Error(`no row ${n}`);
  return within(row).getAllByRole('cell')[3];
};

type User = ReturnType<typeof renderForm>['user'];

/** The route preview the form asks for while typing: over the limit above 25,000. */
const routeAsked: string[] = [];
beforeEach(() => {
  routeAsked.length = 0;
  server.use(
    http.get('*/api/purchase-requests/route/', ({ request }) => {
      const total = new URL(request.url).searchParams.get('total') ?? '0';
      routeAsked.push(total);
      const passes = Number(total) <= 25000;
      const message = passes
        ? 'The total is within your spending limit of 25,000.00 USD.'
        : `The total ${Number(total).toLocaleString('en', { minimumFractionDigits: 2 })} USD is above your spending limit of 25,000.00 USD.`;
      return HttpResponse.json({
        currency: 'USD',
        total,
        base_currency: 'USD',
        total_base: total,
        steps: [
          {
            sequence: 1,
            approver: { id: 2, email: 'ann@example.com', full_name: 'Ann Approver' },
            approval_limit: '5000.00',
            rule: "The requester's manager.",
            on_behalf_of: null,
            status: null,
          },
        ],
        checks: [{ code: 'spending_limit_exceeded', passes, message }],
        problems: passes ? [] : [{ code: 'spending_limit_exceeded', message }],
      });
    }),
  );
});

async function fillItem(user: User, n: number, item: { description?: string; quantity: string; unitPrice: string }) {
  if (item.description) await user.type(screen.getByLabelText(`Item ${n} description`), item.description);
  await user.clear(screen.getByLabelText(`Item ${n} quantity`));
  await user.type(screen.getByLabelText(`Item ${n} quantity`), item.quantity);
  await user.clear(screen.getByLabelText(`Item ${n} unit price`));
  await user.type(screen.getByLabelText(`Item ${n} unit price`), item.unitPrice);
}

describe('PurchaseRequestForm live totals', () => {
  it('updates the line totals and the grand total as the user types', async () => {
    const { user } = renderForm();
    expect(lineTotal(1)).toHaveTextContent('—');
    expect(total()).toHaveTextContent('$0.00');

    await fillItem(user, 1, { quantity: '3', unitPrice: '24.50' });
    expect(lineTotal(1)).toHaveTextContent('$73.50');
    expect(total()).toHaveTextContent('$73.50');

    await user.click(screen.getByRole('button', { name: 'Add item' }));
    await fillItem(user, 2, { quantity: '2', unitPrice: '89.00' });
    expect(lineTotal(2)).toHaveTextContent('$178.00');
    expect(total()).toHaveTextContent('$251.50');

    await user.click(screen.getByRole('button', { name: 'Remove item 1' }));
    expect(total()).toHaveTextContent('$178.00');
  });

  it('adds decimals exactly, to the cent, rounding half up like the server', async () => {
    const { user } = renderForm();
    // 1.005 × 1.00 is 1.00499999… as a float, so a naive toFixed(2) would show 1.00.
    await fillItem(user, 1, { quantity: '1.005', unitPrice: '1.00' });
    expect(lineTotal(1)).toHaveTextContent('$1.01');

    await user.click(screen.getByRole('button', { name: 'Add item' }));
    await fillItem(user, 2, { quantity: '0.1', unitPrice: '0.20' });
    await user.click(screen.getByRole('button', { name: 'Add item' }));
    await fillItem(user, 3, { quantity: '3', unitPrice: '0.10' });
    expect(lineTotal(2)).toHaveTextContent('$0.02');
    expect(lineTotal(3)).toHaveTextContent('$0.30');
    expect(total()).toHaveTextContent('$1.33');
  });

  it('keeps large amounts exact where floats lose the cents', async () => {
    const { user } = renderForm();
    // 999999999 × 99999999.99 = 99,999,999,890,000,000.01 — far beyond a double's precision.
    await fillItem(user, 1, { quantity: '999999999', unitPrice: '99999999.99' });
    expect(lineTotal(1)).toHaveTextContent('$99,999,999,890,000,000.01');
  });

  it('shows no line total for an amount that is not a number and leaves it out of the total', async () => {
    const { user } = renderForm();
    await fillItem(user, 1, { quantity: '2', unitPrice: '10' });
    await user.click(screen.getByRole('button', { name: 'Add item' }));
    await fillItem(user, 2, { quantity: 'two', unitPrice: '5' });

    expect(lineTotal(2)).toHaveTextContent('—');
    expect(total()).toHaveTextContent('$20.00');
  });

  it('formats the totals in the currency typed', async () => {
    const { user } = renderForm();
    await fillItem(user, 1, { quantity: '2', unitPrice: '5.25' });
    await user.clear(screen.getByLabelText('Currency'));
    await user.type(screen.getByLabelText('Currency'), 'eur');

    expect(total()).toHaveTextContent('€10.50');
  });
});

describe('PurchaseRequestForm validation and server errors', () => {
  it('validates on the client before calling onSubmit', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    const { user } = renderForm(onSubmit);
    await fillItem(user, 1, { quantity: '0', unitPrice: '1.999' });
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    expect(await screen.findByText('Give the request a title')).toBeInTheDocument();
    expect(screen.getByLabelText('Item 1 description')).toHaveAccessibleDescription('Describe the item');
    expect(screen.getByLabelText('Item 1 quantity')).toHaveAccessibleDescription('Must be greater than 0.');
    expect(screen.getByLabelText('Item 1 unit price')).toHaveAccessibleDescription('At most 2 decimals.');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('reads numbers as the user types them, sends them plain and drops an empty last line', async () => {
    const onSubmit = vi.fn((input: PurchaseRequestInput) => Promise.resolve(input));
    const { user } = renderForm(onSubmit);
    await user.type(screen.getByLabelText('Title'), 'Chairs');
    await fillItem(user, 1, { description: 'Chair', quantity: '2,5', unitPrice: '1.234,50' });
    await user.click(screen.getByRole('button', { name: 'Add item' }));
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenLastCalledWith(
      expect.objectContaining({ items: [{ description: 'Chair', quantity: '2.5', unit_price: '1234.50' }] }),
    );
    expect(screen.getByLabelText('Item 1 unit price')).toHaveValue('1234.50'); // shown back normalised
  });

  it('checks the spending limit live while typing, in formatted money', async () => {
    const { user } = renderForm();
    await fillItem(user, 1, { description: 'Servers', quantity: '3', unitPrice: '10000' });
    expect(await screen.findByText(/above your spending limit of 25,000.00 USD/)).toBeInTheDocument();
    expect(screen.getByText(/Ann Approver/)).toBeInTheDocument();
    expect(routeAsked.at(-1)).toBe('30000.00');
  });

  it('leaves an unreadable line out of the total and says so', async () => {
    const { user } = renderForm(vi.fn(() => Promise.resolve()));
    await fillItem(user, 1, { description: 'Desk', quantity: '1', unitPrice: '$249' });
    await user.click(screen.getByRole('button', { name: 'Add item' }));
    await fillItem(user, 2, { description: 'Lamp', quantity: '1', unitPrice: '1,234' });
    const total = screen.getByTestId('request-total');
    expect(total).toHaveTextContent('$249.00');
    expect(total).toHaveTextContent('1 line left out until corrected');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(screen.getByLabelText('Item 2 unit price')).toHaveAccessibleDescription('Ambiguous: write 1234 or 1.234.');
  });

  it('sends the vendor chosen in the search-backed picker, and none once it is cleared', async () => {
    const onSubmit = vi.fn((input: PurchaseRequestInput) => Promise.resolve(input));
    const { user } = renderForm(onSubmit);
    await user.type(screen.getByLabelText('Title'), 'Paper');
    await fillItem(user, 1, { description: 'A4 paper', quantity: '1', unitPrice: '5.00' });
    await user.type(screen.getByRole('combobox', { name: 'Vendor' }), 'acme');
    await user.click(await screen.findByRole('option', { name: 'Acme Office' }));
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenLastCalledWith(expect.objectContaining({ vendor: 4 }));

    await user.clear(screen.getByRole('combobox', { name: 'Vendor' }));
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
    expect(onSubmit).toHaveBeenLastCalledWith(expect.objectContaining({ vendor: null }));
  });

  async function submitValidForm(user: User) {
    await user.type(screen.getByLabelText('Title'), 'Office chairs');
    await fillItem(user, 1, { description: 'Chair', quantity: '3', unitPrice: '24.50' });
    await user.click(screen.getByRole('button', { name: 'Add item' }));
    await fillItem(user, 2, { description: 'Desk', quantity: '2', unitPrice: '89.00' });
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
  }

  const submitToApi = (input: PurchaseRequestInput) => createPurchaseRequest(input, 'test-key');

  it('puts an item error of a 400 on that item’s field', async () => {
    server.use(
      http.post('*/api/purchase-requests/', () =>
        apiError(400, 'validation_error', 'Invalid input.', {
          items: [{}, { quantity: ['Ensure that there are no more than 9 digits in total.'] }],
        }),
      ),
    );
    const { user } = renderForm(submitToApi);
    await submitValidForm(user);

    await waitFor(() => expect(screen.getByLabelText('Item 2 quantity')).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByLabelText('Item 2 quantity')).toHaveAccessibleDescription(
      'Ensure that there are no more than 9 digits in total.',
    );
    expect(screen.getByLabelText('Item 1 quantity')).toHaveAttribute('aria-invalid', 'false');
    // Everything landed on a field: no form-level alert beside it.
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('puts a top-level field error of a 400 on that field', async () => {
    server.use(
      http.post('*/api/purchase-requests/', () =>
        apiError(400, 'validation_error', 'Invalid input.', { title: ['A request with this title already exists.'] }),
      ),
    );
    const { user } = renderForm(submitToApi);
    await submitValidForm(user);

    await waitFor(() =>
      expect(screen.getByLabelText('Title')).toHaveAccessibleDescription('A request with this title already exists.'),
    );
    expect(screen.getByLabelText('Title')).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows errors that match no field, and business-rule errors, for the whole form', async () => {
    server.use(
      http.post('*/api/purchase-requests/', () =>
        apiError(400, 'validation_error', 'Invalid input.', {
          non_field_errors: ['The vendor is inactive.'],
          title: ['Too long.'],
        }),
      ),
    );
    const { user } = renderForm(submitToApi);
    await submitValidForm(user);

    await waitFor(() => expect(screen.getByLabelText('Title')).toHaveAccessibleDescription('Too long.'));
    expect(screen.getAllByRole('alert').map((alert) => alert.textContent)).toContain('The vendor is inactive.');

    server.use(
      http.post('*/api/purchase-requests/', () =>
        apiError(409, 'spending_limit_exceeded', 'The total exceeds your spending limit of 5,000.00.'),
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText('The total exceeds your spending limit of 5,000.00.')).toHaveAttribute(
      'role',
      'alert',
    );
  });
});
