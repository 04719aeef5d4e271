import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';

import { PurchaseOrdersList } from './purchase-orders-list';

describe('PurchaseOrdersList', () => {
  it('archived orders are asked for only when the box is ticked, and the choice is kept in the URL', async () => {
    const archivedParams: (string | null)[] = [];
    server.use(
      http.get('*/api/purchase-orders/', ({ request }) => {
        archivedParams.push(new URL(request.url).searchParams.get('archived'));
        return HttpResponse.json({ count: 0, next: null, previous: null, results: [] });
      }),
    );
    const { user, router } = renderWithProviders(<PurchaseOrdersList />, { url: '/purchase-orders' });
    await screen.findByText('Orders appear here once a request is approved.');
    expect(archivedParams).toEqual([null]);

    await user.click(screen.getByRole('checkbox', { name: 'Archived orders' }));
    await waitFor(() => expect(archivedParams).toEqual([null, 'true']));
    expect(router.state.location.search).toBe('?archived=true');
    expect(await screen.findByText('Nothing matches these filters.')).toBeInTheDocument();
  });
});
