import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { apiError, deferred, recordRequests, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';
import type { InboxItem, InboxPage } from '@/types';

import { ApprovalsInbox } from './approvals-inbox';

function inboxItem(id: number, number: string, title: string): InboxItem {
  return {
    id: id * 10,
    sequence: 1,
    status: 'PENDING',
    purchase_request: {
      id,
      number,
      title,
      status: 'PENDING_APPROVAL',
      currency: 'USD',
      total: '251.50',
      requester: { id: 3, email: 'ana@example.com', full_name: 'Ana Requester' },
      department: { id: 1, code: 'OPS', name: 'Operations' },
      vendor: null,
      needed_by: null,
      current_approver: 'Bo Manager',
      created_at: '2026-03-01T10:00:00Z',
      submitted_at: '2026-03-02T10:00:00Z',
      decided_at: null,
    },
  } as InboxItem;
}

const page = (results: InboxItem[]): InboxPage => ({
  count: results.length,
  next: null,
  previous: null,
  results,
});
const chairs = inboxItem(1, 'PR-2026-0001', 'Office chairs');
const laptops = inboxItem(2, 'PR-2026-0002', 'Laptops');

/**
 * The first GET answers both requests; later GETs (the refetch after the decision) wait for
 * `refetchGate`, so what the list shows in between is the optimistic cache alone.
 */
function serveInbox(later: InboxPage) {
  const refetchGate = deferred();
  let calls = 0;
  server.use(
    http.get('*/api/approvals/', async () => {
      calls += 1;
      if (calls === 1) return HttpResponse.json(page([chairs, laptops]));
      await refetchGate.promise;
      return HttpResponse.json(later);
    }),
  );
  return refetchGate;
}

async function approveChairs(user: ReturnType<typeof renderWithProviders>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Approve PR-2026-0001' }));
  await user.type(screen.getByLabelText('Comment on PR-2026-0001 (optional)'), 'Fine by me');
  await user.click(screen.getByRole('button', { name: 'Confirm approval' }));
}

describe('ApprovalsInbox decisions', () => {
  it('removes the request at once on approve, before the server answers', async () => {
    const refetchGate = serveInbox(page([laptops]));
    const answer = deferred();
    let sent: unknown;
    server.use(
      http.post('*/api/purchase-requests/1/approve/', async ({ request }) => {
        sent = await request.json();
        await answer.promise;
        return HttpResponse.json({ id: 1, number: 'PR-2026-0001', status: 'APPROVED' });
      }),
    );
    const { user } = renderWithProviders(<ApprovalsInbox />, { url: '/approvals' });
    await approveChairs(user);

    await waitFor(() => expect(screen.queryByText('PR-2026-0001')).not.toBeInTheDocument());
    expect(screen.getByText('PR-2026-0002')).toBeInTheDocument();

    answer.resolve();
    await waitFor(() => expect(sent).toEqual({ comment: 'Fine by me' }));
    refetchGate.resolve();
    await waitFor(() => expect(screen.getByText('Laptops')).toBeInTheDocument());
    expect(screen.queryByText('PR-2026-0001')).not.toBeInTheDocument();
  });

  it('puts the request back and says why when the server answers 409', async () => {
    // The refetch (held back) would also show the request: the rollback alone must bring it back.
    const refetchGate = serveInbox(page([chairs, laptops]));
    const answer = deferred();
    server.use(
      http.post('*/api/purchase-requests/1/approve/', async () => {
        await answer.promise;
        return apiError(409, 'invalid_state', 'The request is no longer pending approval.');
      }),
    );
    const { user } = renderWithProviders(<ApprovalsInbox />, { url: '/approvals' });
    await approveChairs(user);

    await waitFor(() => expect(screen.queryByText('PR-2026-0001')).not.toBeInTheDocument());
    const log = recordRequests();

    answer.resolve();
    expect(await screen.findByText('PR-2026-0001')).toBeInTheDocument();
    expect(screen.getByText('Office chairs')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This request was already decided or withdrawn: The request is no longer pending approval.',
    );
    // The refetch the decision triggers is under way but held: the row came back from the snapshot.
    await waitFor(() => expect(log.count('GET', '/api/approvals/')).toBe(1));
    expect(screen.getByText('PR-2026-0001')).toBeInTheDocument();

    refetchGate.resolve();
    expect(await screen.findByRole('button', { name: 'Approve PR-2026-0001' })).toBeInTheDocument();
  });
});

describe('ApprovalsInbox bulk approve', () => {
  it('approves the selected after a confirmation and reports each one, the conflict too', async () => {
    let sent: unknown;
    server.use(
      http.get('*/api/approvals/', () => HttpResponse.json(page([chairs, laptops]))),
      http.post('*/api/approvals/bulk/', async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json([
          { purchase_request: 1, ok: true, status: 'APPROVED', http_status: 200, error: null },
          {
            purchase_request: 2,
            ok: false,
            status: null,
            http_status: 409,
            error: { code: 'invalid_transition', detail: 'Cannot approve a request that is cancelled.' },
          },
        ]);
      }),
    );
    const { user } = renderWithProviders(<ApprovalsInbox />);
    await user.click(await screen.findByLabelText('Select all on this page'));
    await user.click(screen.getByRole('button', { name: 'Approve selected (2)' }));
    expect(screen.getByRole('heading', { name: 'Approve 2 requests?' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Approve them' }));
    expect(await screen.findByText('Approved: PR-2026-0001.')).toBeInTheDocument();
    expect(
      screen.getByText('Not approved: PR-2026-0002: Cannot approve a request that is cancelled.'),
    ).toBeInTheDocument();
    expect(sent).toEqual({
      decisions: [
        { purchase_request: 1, action: 'approve' },
        { purchase_request: 2, action: 'approve' },
      ],
    });
  });

  it('sorts by what the user picks, kept in the URL', async () => {
    const orderings: (string | null)[] = [];
    server.use(
      http.get('*/api/approvals/', ({ request }) => {
        orderings.push(new URL(request.url).searchParams.get('ordering'));
        return HttpResponse.json(page([chairs]));
      }),
    );
    const { user } = renderWithProviders(<ApprovalsInbox />);
    await screen.findByText('Office chairs');
    await user.selectOptions(screen.getByLabelText('Sort'), 'Largest amount first');
    await waitFor(() => expect(orderings.at(-1)).toBe('-amount'));
    expect(orderings[0]).toBe('age');
  });
});
