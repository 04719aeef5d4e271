import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { apiError, recordRequests, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';

import { DecisionForm } from './decision-form';

describe('DecisionForm rejection', () => {
  it('needs a comment before anything is sent, then posts it', async () => {
    let sent: unknown;
    server.use(
      http.post('*/api/purchase-requests/7/reject/', async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ id: 7, number: 'PR-2026-000007', status: 'REJECTED' });
      }),
    );
    const log = recordRequests();
    const onDecided = vi.fn();
    const { user } = renderWithProviders(
      <DecisionForm requestId={7} requestNumber="PR-2026-000007" onDecided={onDecided} />,
    );

    await user.click(screen.getByRole('button', { name: 'Reject PR-2026-000007' }));
    const comment = screen.getByLabelText('Why reject PR-2026-000007? (required)');
    await user.type(comment, '   ');
    await user.click(screen.getByRole('button', { name: 'Confirm rejection' }));
    expect(await screen.findByText('Say why the request is rejected')).toBeInTheDocument();
    expect(comment).toHaveAttribute('aria-invalid', 'true');
    expect(log.count('POST', '/api/purchase-requests/7/reject/')).toBe(0);

    await user.type(comment, 'Over the quarterly budget');
    await user.click(screen.getByRole('button', { name: 'Confirm rejection' }));
    await waitFor(() => expect(onDecided).toHaveBeenCalledTimes(1));
    expect(sent).toEqual({ comment: 'Over the quarterly budget' });
    expect(await screen.findByText('PR-2026-000007 rejected.')).toBeInTheDocument();
  });

  it('keeps the form and the comment when the server refuses it for a reason other than 409', async () => {
    server.use(
      http.post('*/api/purchase-requests/7/reject/', () =>
        apiError(400, 'validation_error', 'Some fields are invalid.', {
          comment: ['Ensure this field has no more than 2000 characters.'],
        }),
      ),
    );
    const { user } = renderWithProviders(<DecisionForm requestId={7} requestNumber="PR-2026-000007" />);
    await user.click(screen.getByRole('button', { name: 'Reject PR-2026-000007' }));
    await user.type(screen.getByLabelText('Why reject PR-2026-000007? (required)'), 'Too expensive');
    await user.click(screen.getByRole('button', { name: 'Confirm rejection' }));
    expect(await screen.findByText('Ensure this field has no more than 2000 characters.')).toBeInTheDocument();
    expect(screen.getByLabelText('Why reject PR-2026-000007? (required)')).toHaveValue('Too expensive');
  });
});

describe('DecisionForm quick approve', () => {
  afterEach(() => vi.useRealTimers());

  function renderQuick() {
    server.use(
      http.post('*/api/purchase-requests/9/approve/', () =>
        HttpResponse.json({ id: 9, number: 'PR-2026-000009', status: 'APPROVED' }),
      ),
    );
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const log = recordRequests();
    const view = renderWithProviders(<DecisionForm requestId={9} requestNumber="PR-2026-000009" compact />, {
      userOptions: { advanceTimers: vi.advanceTimersByTime },
    });
    return { ...view, log };
  }

  it('can be undone for a few seconds, and then nothing is sent', async () => {
    const { user, log } = renderQuick();
    await user.click(screen.getByRole('button', { name: 'Quick approve PR-2026-000009 without comment' }));
    expect(screen.getByText('Approving PR-2026-000009 in a few seconds…')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Undo approving PR-2026-000009' }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(log.count('POST', '/api/purchase-requests/9/approve/')).toBe(0);
    expect(screen.getByRole('button', { name: 'Quick approve PR-2026-000009 without comment' })).toBeInTheDocument();
  });

  it('is sent once the few seconds are over', async () => {
    const { user, log } = renderQuick();
    await user.click(screen.getByRole('button', { name: 'Quick approve PR-2026-000009 without comment' }));
    await vi.advanceTimersByTimeAsync(4_000);
    expect(log.count('POST', '/api/purchase-requests/9/approve/')).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    await waitFor(() => expect(log.count('POST', '/api/purchase-requests/9/approve/')).toBe(1));
    expect(await screen.findByText('PR-2026-000009 approved.')).toBeInTheDocument();
  });
});
