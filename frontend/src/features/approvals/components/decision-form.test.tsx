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
