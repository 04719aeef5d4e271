import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { apiError, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';

import { Discussion } from './discussion';

const comment = (id: number, body: string) => ({
  id,
  author: { id: 2, email: 'arthur@example.com', full_name: 'Arthur Approver' },
  body,
  mentions: [],
  documents: [],
  created_at: '2026-12-03T10:00:00Z',
});

describe('Discussion', () => {
  it('posts a comment and shows it, mentions set off', async () => {
    const thread = [comment(1, 'Which model?')];
    let posted: unknown;
    server.use(
      http.get('*/api/purchase-requests/12/comments/', () =>
        HttpResponse.json({ count: thread.length, next: null, previous: null, results: thread }),
      ),
      http.post('*/api/purchase-requests/12/comments/', async ({ request }) => {
        posted = await request.json();
        thread.push(comment(2, '@rita@example.com the one on the quote'));
        return HttpResponse.json(thread[1], { status: 201 });
      }),
    );
    const { user } = renderWithProviders(<Discussion basePath="/api/purchase-requests/12" what="request" />);
    expect(await screen.findByText('Which model?')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Add a comment'), '@rita@example.com the one on the quote');
    await user.click(screen.getByRole('button', { name: 'Post comment' }));
    expect(await screen.findByText('@rita@example.com', { selector: 'strong' })).toBeInTheDocument();
    expect(posted).toEqual({ body: '@rita@example.com the one on the quote', documents: [] });
    await waitFor(() => expect(screen.getByLabelText('Add a comment')).toHaveValue(''));
  });

  it('uploads an attached file through the documents upload, linked to the request, then attaches it', async () => {
    let upload: FormData | undefined;
    let posted: unknown;
    server.use(
      http.get('*/api/purchase-requests/12/comments/', () =>
        HttpResponse.json({ count: 0, next: null, previous: null, results: [] }),
      ),
      http.post('*/api/documents/upload/', async ({ request }) => {
        upload = await request.formData();
        return HttpResponse.json({ document_id: 77, task_id: 't', status: 'PENDING' }, { status: 202 });
      }),
      http.post('*/api/purchase-requests/12/comments/', async ({ request }) => {
        posted = await request.json();
        return HttpResponse.json(comment(3, 'Quote attached'), { status: 201 });
      }),
    );
    const { user } = renderWithProviders(
      <Discussion basePath="/api/purchase-requests/12" what="request" attachTo={{ purchase_request: 12 }} />,
    );
    await user.type(await screen.findByLabelText('Add a comment'), 'Quote attached');
    const file = new File(['%PDF-1.4'], 'quote.pdf', { type: 'application/pdf' });
    await user.upload(screen.getByLabelText('Attach a file (optional)'), file);
    await user.click(screen.getByRole('button', { name: 'Post comment' }));
    await waitFor(() => expect(posted).toEqual({ body: 'Quote attached', documents: [77] }));
    expect(upload?.get('purchase_request')).toBe('12');
    expect(upload?.get('document_type')).toBe('other');
    expect((upload?.get('file') as File).type).toBe('application/pdf');
  });

  it("puts the server's sentence on the box when a mention cannot see the request", async () => {
    server.use(
      http.get('*/api/purchase-requests/12/comments/', () =>
        HttpResponse.json({ count: 0, next: null, previous: null, results: [] }),
      ),
      http.post('*/api/purchase-requests/12/comments/', () =>
        apiError(400, 'validation_error', 'Some fields are invalid.', {
          body: ['bob@example.com cannot see this request, so cannot be mentioned.'],
        }),
      ),
    );
    const { user } = renderWithProviders(<Discussion basePath="/api/purchase-requests/12" what="request" />);
    await user.type(await screen.findByLabelText('Add a comment'), '@bob@example.com look');
    await user.click(screen.getByRole('button', { name: 'Post comment' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Add a comment')).toHaveAccessibleDescription(
        'bob@example.com cannot see this request, so cannot be mentioned.',
      ),
    );
    expect(screen.getByLabelText('Add a comment')).toHaveValue('@bob@example.com look');
  });
});
