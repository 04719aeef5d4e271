import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { recordRequests, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';

import { NotificationBell } from './notification-bell';

const mention = {
  id: 5,
  kind: 'mention',
  text: 'Arthur Approver mentioned you on PR-2026-000012 Desks: which model?',
  url: '/purchase-requests/12',
  created_at: '2026-12-03T10:00:00Z',
  read_at: null,
};

describe('NotificationBell', () => {
  it('shows the unread count, lists the latest and leads to the object, marking it read', async () => {
    server.use(
      http.get('*/api/notifications/', ({ request }) => {
        const unread = new URL(request.url).searchParams.get('unread') === 'true';
        return HttpResponse.json({ count: unread ? 3 : 1, next: null, previous: null, results: [mention] });
      }),
      http.post('*/api/notifications/5/read/', () =>
        HttpResponse.json({ ...mention, read_at: '2026-12-03T10:05:00Z' }),
      ),
    );
    const log = recordRequests();
    const { user } = renderWithProviders(<NotificationBell />, {
      routes: [{ path: '/purchase-requests/:id', element: <h1>The request</h1> }],
    });
    const bell = await screen.findByRole('button', { name: 'Notifications, 3 unread' });
    await user.click(bell);
    await user.click(await screen.findByRole('button', { name: /Arthur Approver mentioned you/ }));
    expect(await screen.findByRole('heading', { name: 'The request' })).toBeInTheDocument();
    await waitFor(() => expect(log.count('POST', '/api/notifications/5/read/')).toBe(1));
  });

  it('says nothing is there when there is nothing', async () => {
    server.use(
      http.get('*/api/notifications/', () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })),
    );
    const { user } = renderWithProviders(<NotificationBell />);
    await user.click(await screen.findByRole('button', { name: 'Notifications' }));
    expect(await screen.findByText(/Nothing yet/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mark all read' })).toBeDisabled();
  });
});
