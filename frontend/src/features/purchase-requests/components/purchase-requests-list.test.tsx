import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';

import { PurchaseRequestsList } from './purchase-requests-list';

const DEPARTMENT_LIST = [
  { id: 1, name: 'Engineering' },
  { id: 2, name: 'Operations' },
];
/** The route's department source: searched and resolved by id, as the API would. */
const DEPARTMENTS = {
  search: (text: string) =>
    Promise.resolve(DEPARTMENT_LIST.filter((department) => department.name.toLowerCase().includes(text.toLowerCase()))),
  resolve: (id: number) => {
    const found = DEPARTMENT_LIST.find((department) => department.id === id);
    return found ? Promise.resolve(found) : Promise.reject(new Error('not found'));
  },
};

/** Every list request the server saw, as its query string's parameters. */
function serveList() {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get('*/api/purchase-requests/', ({ request }) => {
      seen.push(new URL(request.url).searchParams);
      return HttpResponse.json({ count: 0, next: null, previous: null, results: [] });
    }),
  );
  return seen;
}

describe('PurchaseRequestsList', () => {
  it('reads its filters, sorting and page from the URL', async () => {
    const seen = serveList();
    renderWithProviders(<PurchaseRequestsList departments={DEPARTMENTS} />, {
      url: '/purchase-requests?status=APPROVED&department=2&created_after=2026-01-01&created_before=2026-01-31&ordering=-total&page=3',
    });
    await screen.findByText('Nothing matches these filters.');
    const params = seen.at(-1);
    expect(Object.fromEntries(params ?? [])).toEqual({
      status: 'APPROVED',
      department: '2',
      created_after: '2026-01-01',
      created_before: '2026-02-01', // inclusive for the user, exclusive on the server
      ordering: '-total',
      page: '3',
      page_size: '20',
    });
    // The id in the URL is shown by its name.
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Department' })).toHaveValue('Operations'));
  });

  it('a changed filter goes into the URL and back to page 1; clearing removes every filter', async () => {
    const seen = serveList();
    const { user, router } = renderWithProviders(<PurchaseRequestsList departments={DEPARTMENTS} />, {
      url: '/purchase-requests?status=DRAFT&page=2&ordering=title',
    });
    await screen.findByText('Nothing matches these filters.');

    await user.type(screen.getByRole('combobox', { name: 'Department' }), 'engin');
    await user.click(await screen.findByRole('option', { name: 'Engineering' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=DRAFT&ordering=title&department=1'));
    await waitFor(() => expect(seen.at(-1)?.get('department')).toBe('1'));
    expect(seen.at(-1)?.get('page')).toBe('1');

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(router.state.location.search).toBe('?ordering=title'));
    expect(await screen.findByText('Create one to get started.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
  });

  it('a page that no longer exists goes back to page 1 instead of a dead end', async () => {
    const seen: string[] = [];
    server.use(
      http.get('*/api/purchase-requests/', ({ request }) => {
        const page = new URL(request.url).searchParams.get('page') ?? '';
        seen.push(page);
        if (page === '5') return HttpResponse.json({ code: 'not_found', detail: 'Invalid page.' }, { status: 404 });
        return HttpResponse.json({ count: 0, next: null, previous: null, results: [] });
      }),
    );
    const { router } = renderWithProviders(<PurchaseRequestsList />, { url: '/purchase-requests?status=DRAFT&page=5' });
    expect(await screen.findByText('Nothing matches these filters.')).toBeInTheDocument();
    expect(router.state.location.search).toBe('?status=DRAFT');
    expect(seen).toEqual(['5', '1']);
  });
});
