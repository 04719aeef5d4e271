import { focusManager, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';

import { recordRequests, server } from '@/testing/msw-server';
import { createTestQueryClient } from '@/testing/render';
import type { DocumentDetail } from '@/types';

import { DOCUMENT_POLL_MS, isBeingRead, useDocument } from './get-document';

const at = (status: DocumentDetail['status'], progress: number) => ({ id: 7, status, progress });

function renderDocument(id: number | null) {
  const queryClient = createTestQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  return renderHook(() => useDocument(id), { wrapper });
}

describe('document polling', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    focusManager.setFocused(undefined);
    vi.useRealTimers();
  });

  it('polls every 2 s while the tab is hidden, with the progress, and stops once it is read', async () => {
    expect(DOCUMENT_POLL_MS).toBe(2000);
    const log = recordRequests();
    const answers = [at('PENDING', 0), at('PROCESSING', 50), at('COMPLETED', 100)];
    let calls = 0;
    server.use(http.get('*/api/documents/7/', () => HttpResponse.json(answers[Math.min(calls++, answers.length - 1)])));
    act(() => focusManager.setFocused(false));

    const { result } = renderDocument(7);
    await waitFor(() => expect(result.current.data?.status).toBe('PENDING'));

    await act(() => vi.advanceTimersByTimeAsync(1_900));
    expect(log.count('GET', '/api/documents/7/')).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(100));
    await waitFor(() => expect(result.current.data?.progress).toBe(50));

    await act(() => vi.advanceTimersByTimeAsync(2_000));
    await waitFor(() => expect(result.current.data?.status).toBe('COMPLETED'));

    await act(() => vi.advanceTimersByTimeAsync(20_000));
    expect(log.count('GET', '/api/documents/7/')).toBe(3);
    expect(log.requests.filter((request) => request.path.startsWith('/api/tasks/'))).toHaveLength(0);
  });

  it('stops after FAILED, and after a refusal (404)', async () => {
    const log = recordRequests();
    server.use(http.get('*/api/documents/7/', () => HttpResponse.json({ ...at('FAILED', 20), error: 'Unreadable' })));
    const failed = renderDocument(7);
    await waitFor(() => expect(failed.result.current.data?.status).toBe('FAILED'));
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(log.count('GET', '/api/documents/7/')).toBe(1);

    server.use(
      http.get('*/api/documents/8/', () =>
        HttpResponse.json({ code: 'not_found', detail: 'Not found.' }, { status: 404 }),
      ),
    );
    const refused = renderDocument(8);
    await waitFor(() => expect(refused.result.current.isError).toBe(true));
    await act(() => vi.advanceTimersByTimeAsync(20_000));
    expect(log.count('GET', '/api/documents/8/')).toBe(1);
  });

  it('asks for nothing before there is a document', async () => {
    const log = recordRequests();
    const { result } = renderDocument(null);
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(result.current.fetchStatus).toBe('idle');
    expect(log.requests).toHaveLength(0);
  });

  it('tells documents being read from finished ones', () => {
    expect(isBeingRead(undefined)).toBe(false);
    expect(isBeingRead({ status: 'PENDING' })).toBe(true);
    expect(isBeingRead({ status: 'PROCESSING' })).toBe(true);
    expect(isBeingRead({ status: 'COMPLETED' })).toBe(false);
    expect(isBeingRead({ status: 'FAILED' })).toBe(false);
  });
});
