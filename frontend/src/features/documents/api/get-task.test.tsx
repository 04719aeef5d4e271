import { focusManager, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';

import { recordRequests, server } from '@/testing/msw-server';
import { createTestQueryClient } from '@/testing/render';
import type { TaskStatus } from '@/types';

import { isTaskFinished, TASK_POLL_MS, taskQueryOptions, useTaskProgress } from './get-task';

const task = (state: TaskStatus['state'], progress: number): TaskStatus => ({
  task_id: 'abc',
  state,
  progress,
  result: null,
  error: null,
});

function renderTask(taskId: string | null) {
  const queryClient = createTestQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  return renderHook(() => useTaskProgress(taskId), { wrapper });
}

describe('task progress polling', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    focusManager.setFocused(undefined);
    vi.useRealTimers();
  });

  it('polls in the background every 2 s', () => {
    const options = taskQueryOptions('abc');
    expect(TASK_POLL_MS).toBe(2000);
    expect(options.refetchIntervalInBackground).toBe(true);
  });

  it('keeps polling every 2 s while the tab is hidden, and stops once the task has finished', async () => {
    const log = recordRequests();
    const answers = [task('PENDING', 0), task('PROGRESS', 50), task('SUCCESS', 100)];
    let calls = 0;
    server.use(http.get('*/api/tasks/abc/', () => HttpResponse.json(answers[Math.min(calls++, answers.length - 1)])));
    act(() => focusManager.setFocused(false));

    const { result } = renderTask('abc');
    await waitFor(() => expect(result.current.data?.state).toBe('PENDING'));

    await act(() => vi.advanceTimersByTimeAsync(1_900));
    expect(log.count('GET', '/api/tasks/abc/')).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(100));
    await waitFor(() => expect(result.current.data?.state).toBe('PROGRESS'));

    await act(() => vi.advanceTimersByTimeAsync(2_000));
    await waitFor(() => expect(result.current.data?.state).toBe('SUCCESS'));
    expect(isTaskFinished(result.current.data)).toBe(true);

    await act(() => vi.advanceTimersByTimeAsync(20_000));
    expect(log.count('GET', '/api/tasks/abc/')).toBe(3);
  });

  it('stops when the task may not be read (another user uploaded the document: 404)', async () => {
    const log = recordRequests();
    server.use(
      http.get('*/api/tasks/abc/', () =>
        HttpResponse.json({ code: 'not_found', detail: 'Not found.' }, { status: 404 }),
      ),
    );
    const { result } = renderTask('abc');
    await waitFor(() => expect(result.current.isError).toBe(true));
    await act(() => vi.advanceTimersByTimeAsync(20_000));
    expect(log.count('GET', '/api/tasks/abc/')).toBe(1);
  });

  it('stops after a FAILURE too', async () => {
    const log = recordRequests();
    server.use(http.get('*/api/tasks/abc/', () => HttpResponse.json({ ...task('FAILURE', 20), error: 'Unreadable' })));

    const { result } = renderTask('abc');
    await waitFor(() => expect(result.current.data?.state).toBe('FAILURE'));
    await act(() => vi.advanceTimersByTimeAsync(10_000));

    expect(log.count('GET', '/api/tasks/abc/')).toBe(1);
  });

  it('asks for nothing before there is a task', async () => {
    const log = recordRequests();
    const { result } = renderTask(null);
    await act(() => vi.advanceTimersByTimeAsync(10_000));

    expect(result.current.fetchStatus).toBe('idle');
    expect(log.requests).toHaveLength(0);
  });

  it('tells finished tasks from running ones', () => {
    expect(isTaskFinished(undefined)).toBe(false);
    expect(isTaskFinished(task('PENDING', 0))).toBe(false);
    expect(isTaskFinished(task('STARTED', 0))).toBe(false);
    expect(isTaskFinished(task('PROGRESS', 99))).toBe(false);
    expect(isTaskFinished(task('SUCCESS', 100))).toBe(true);
    expect(isTaskFinished(task('FAILURE', 10))).toBe(true);
  });
});
