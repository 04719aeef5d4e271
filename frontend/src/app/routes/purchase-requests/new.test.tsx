import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { useParams } from 'react-router';

import { apiError, recordRequests, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';

import NewPurchaseRequestRoute from './new';

function CreatedPage() {
  const { id } = useParams();
  return <p>Request page {id}</p>;
}

function renderRoute() {
  server.use(
    http.get('*/api/vendors/', ({ request }) => {
      // The picker searches active vendors by what was typed.
      const params = new URL(request.url).searchParams;
      const found = params.get('is_active') === 'true' && params.get('search') === 'acme';
      return HttpResponse.json({
        count: found ? 1 : 0,
        next: null,
        previous: null,
        results: found ? [{ id: 4, name: 'Acme Office', is_active: true }] : [],
      });
    }),
  );
  return renderWithProviders(<NewPurchaseRequestRoute />, {
    url: '/purchase-requests/new',
    path: '/purchase-requests/new',
    routes: [{ path: '/purchase-requests/:id', element: <CreatedPage /> }],
  });
}

type User = ReturnType<typeof renderRoute>['user'];

async function fillForm(user: User) {
  await user.type(screen.getByLabelText('Title'), 'Office chairs');
  await user.type(screen.getByRole('combobox', { name: 'Vendor' }), 'acme');
  await user.click(await screen.findByRole('option', { name: 'Acme Office' }));
  await user.type(screen.getByLabelText('Item 1 description'), 'Chair');
  await user.clear(screen.getByLabelText('Item 1 quantity'));
  await user.type(screen.getByLabelText('Item 1 quantity'), '3');
  await user.type(screen.getByLabelText('Item 1 unit price'), '24.50');
  await user.click(screen.getByRole('button', { name: 'Save draft' }));
}

describe('New purchase request route', () => {
  it('sends the typed request with an Idempotency-Key and opens the created draft', async () => {
    const log = recordRequests();
    let sent: unknown;
    server.use(
      http.post('*/api/purchase-requests/', async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ id: 42, number: 'PR-2026-0042' }, { status: 201 });
      }),
    );
    const { user } = renderRoute();
    await fillForm(user);

    expect(await screen.findByText('Request page 42')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('PR-2026-0042 saved as a draft.');
    expect(sent).toEqual({
      title: 'Office chairs',
      justification: '',
      currency: 'USD',
      vendor: 4,
      needed_by: null,
      items: [{ description: 'Chair', quantity: '3', unit_price: '24.50' }],
    });
    const post = log.requests.find(
      (request) => request.method === 'POST' && request.path === '/api/purchase-requests/',
    );
    expect(post?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps the user on the form with the server’s field error on the item', async () => {
    server.use(
      http.post('*/api/purchase-requests/', () =>
        apiError(400, 'validation_error', 'Invalid input.', {
          items: [{ unit_price: ['Ensure that there are no more than 2 decimal places.'] }],
        }),
      ),
    );
    const { user, router } = renderRoute();
    await fillForm(user);

    await waitFor(() =>
      expect(screen.getByLabelText('Item 1 unit price')).toHaveAccessibleDescription(
        'Ensure that there are no more than 2 decimal places.',
      ),
    );
    expect(router.state.location.pathname).toBe('/purchase-requests/new');
  });
});
