import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { TaskState, TaskStatus } from '@/types';

/** Seed 3.2: a running task is polled every 2 s until it ends. */
export const TASK_POLL_MS = 2000;
const FINAL_STATES: ReadonlySet<TaskState> = new Set(['SUCCESS', 'FAILURE']);

export function isTaskFinished(task: TaskStatus | undefined): boolean {
  return task !== undefined && FINAL_STATES.has(task.state);
}

export function getTask(taskId: string, signal?: AbortSignal) {
  return api<TaskStatus>(`/api/tasks/${encodeURIComponent(taskId)}/`, { signal });
}

export const taskQueryOptions = (taskId: string, pollMs = TASK_POLL_MS) =>
  queryOptions({
    queryKey: [...rootKeys.tasks, taskId],
    queryFn: ({ signal }) => getTask(taskId, signal),
    // Finished, or refused (another user's task is a 404): asking again changes nothing.
    refetchInterval: (query) => (isTaskFinished(query.state.data) || query.state.status === 'error' ? false : pollMs),
    // A document being read is a "critical task": it keeps polling while the tab is hidden.
    refetchIntervalInBackground: true,
    staleTime: 0,
  });

/**
 * The progress of one background task: polls until SUCCESS or FAILURE, then stops. `null`
 * (nothing uploaded yet) polls nothing.
 */
export function useTaskProgress(taskId: string | null, pollMs = TASK_POLL_MS) {
  return useQuery({ ...taskQueryOptions(taskId ?? '', pollMs), enabled: Boolean(taskId) });
}
