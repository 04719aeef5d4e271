import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { apiError, recordRequests, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';
import type { DocumentDetail } from '@/types';

import { DocumentUpload } from './document-upload';

function documentAt(id: number, status: DocumentDetail['status'], progress: number): DocumentDetail {
  return {
    id,
    original_filename: 'invoice.pdf',
    content_type: 'application/pdf',
    size: 13,
    sha256: '0'.repeat(64),
    document_type: 'invoice',
    status,
    progress,
    task_id: 'task-1',
    preview_pages: 0,
    page_count: 1,
    ocr_pages: 0,
    purchase_request: null,
    purchase_order: null,
    uploaded_by: 'requester@example.com',
    extracted_text: '',
    extracted_data: null,
    error: '',
    created_at: '2026-12-01T10:00:00Z',
    processed_at: null,
  };
}

const pdf = () => new File(['%PDF-1.7 test'], 'invoice.pdf', { type: 'application/pdf' });
const fileInput = () => screen.getByTestId('document-file-input');

function renderUpload(props: { purchaseRequestId?: number } = {}) {
  const onProcessed = vi.fn();
  const view = renderWithProviders(<DocumentUpload {...props} onProcessed={onProcessed} />, {
    userOptions: { advanceTimers: (ms) => (vi.isFakeTimers() ? vi.advanceTimersByTime(ms) : undefined) },
  });
  return { ...view, onProcessed };
}

describe('DocumentUpload client checks', () => {
  it('refuses a file above the limit before uploading anything', async () => {
    const log = recordRequests();
    const { user } = renderUpload();
    const big = pdf();
    Object.defineProperty(big, 'size', { value: 20 * 1024 * 1024 + 1 });

    await user.upload(fileInput(), big);

    expect(await screen.findByRole('alert')).toHaveTextContent('The file is too large: the limit is 20.0 MB');
    expect(log.requests).toHaveLength(0);
  });

  it('refuses a file type the server does not read before uploading anything', async () => {
    const log = recordRequests();
    renderUpload();

    // The picker's accept filter can be bypassed (drag and drop, "All files"): the check must hold anyway.
    fireEvent.change(fileInput(), { target: { files: [new File(['hello'], 'notes.txt', { type: 'text/plain' })] } });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Unsupported file type: upload a PDF, an image (PNG, JPEG, TIFF, WebP) or an XML e-invoice',
    );
    expect(log.requests).toHaveLength(0);
  });
});

describe('DocumentUpload server answers', () => {
  it('explains a 413 as a file too large', async () => {
    server.use(http.post('*/api/documents/upload/', () => apiError(413, 'file_too_large', 'Request Entity Too Large')));
    const { user } = renderUpload();

    await user.upload(fileInput(), pdf());

    expect(await screen.findByRole('alert')).toHaveTextContent('The file is too large: the limit is 20.0 MB.');
  });

  it('explains a 413 without a JSON body (a proxy’s page) the same way', async () => {
    server.use(
      http.post(
        '*/api/documents/upload/',
        () => new HttpResponse('<h1>413 Request Entity Too Large</h1>', { status: 413 }),
      ),
    );
    const { user } = renderUpload();

    await user.upload(fileInput(), pdf());

    expect(await screen.findByRole('alert')).toHaveTextContent('The file is too large: the limit is 20.0 MB.');
  });

  it('explains a 415 as an unsupported type', async () => {
    server.use(
      http.post('*/api/documents/upload/', () =>
        apiError(415, 'unsupported_media_type', 'Unsupported media type "application/zip".'),
      ),
    );
    const { user } = renderUpload();

    await user.upload(fileInput(), pdf());

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Unsupported file type: upload a PDF, an image (PNG, JPEG, TIFF, WebP) or an XML e-invoice.',
    );
  });
});

describe('DocumentUpload reading progress', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('follows the document every 2 s and reports it when it has been read', async () => {
    const log = recordRequests();
    const answers: DocumentDetail[] = [
      documentAt(55, 'PENDING', 0),
      documentAt(55, 'PROCESSING', 60),
      documentAt(55, 'COMPLETED', 100),
    ];
    let polls = 0;
    let uploaded: FormData | undefined;
    server.use(
      http.post('*/api/documents/upload/', async ({ request }) => {
        uploaded = await request.formData();
        return HttpResponse.json({ document_id: 55, task_id: 'task-1', status: 'PENDING' }, { status: 202 });
      }),
      http.get('*/api/documents/55/', () => HttpResponse.json(answers[Math.min(polls++, answers.length - 1)])),
    );
    const { user, onProcessed } = renderUpload({ purchaseRequestId: 9 });

    await user.upload(fileInput(), pdf());

    const bar = await screen.findByRole('progressbar', { name: 'Reading the document' });
    await waitFor(() => expect(log.count('GET', '/api/documents/55/')).toBe(1));
    expect(bar).toHaveAttribute('aria-valuenow', '0');
    expect(uploaded?.get('document_type')).toBe('invoice');
    expect(uploaded?.get('purchase_request')).toBe('9');
    // jsdom's File does not cross into Node's fetch intact (name and bytes are lost), so only
    // its presence is checked here; the browser sends the real file.
    expect(uploaded?.has('file')).toBe(true);
    expect(screen.getByText(/being read/)).toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(2000));
    await waitFor(() => expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '60'));
    expect(onProcessed).not.toHaveBeenCalled();

    await act(() => vi.advanceTimersByTimeAsync(2000));
    await waitFor(() => expect(onProcessed).toHaveBeenCalledWith(55));
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByText(/— read/)).toBeInTheDocument();

    // Read: no more polling, and never the task endpoint.
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(log.count('GET', '/api/documents/55/')).toBe(3);
    expect(log.requests.filter((request) => request.path.startsWith('/api/tasks/'))).toHaveLength(0);
    expect(onProcessed).toHaveBeenCalledTimes(1);
  });

  it('shows the document’s error and does not report it when reading fails', async () => {
    const log = recordRequests();
    server.use(
      http.post('*/api/documents/upload/', () =>
        HttpResponse.json({ document_id: 56, task_id: 'task-2', status: 'PENDING' }, { status: 202 }),
      ),
      http.get('*/api/documents/56/', () =>
        HttpResponse.json({ ...documentAt(56, 'FAILED', 30), error: 'The PDF is encrypted.' }),
      ),
    );
    const { user, onProcessed } = renderUpload();

    await user.upload(fileInput(), pdf());

    expect(await screen.findByRole('alert')).toHaveTextContent('The PDF is encrypted.');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '30');
    expect(screen.getByRole('button', { name: 'Upload another' })).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(log.count('GET', '/api/documents/56/')).toBe(1);
    expect(onProcessed).not.toHaveBeenCalled();
  });
});
