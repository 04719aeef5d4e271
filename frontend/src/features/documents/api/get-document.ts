import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { DocumentDetail } from '@/types';

import { TASK_POLL_MS } from './get-task';
import { documentKeys } from './keys';

const BEING_READ = new Set(['PENDING', 'PROCESSING']);

export function getDocument(id: number, signal?: AbortSignal) {
  return api<DocumentDetail>(`/api/documents/${id}/`, { signal });
}

export const documentQueryOptions = (id: number) =>
  queryOptions({
    queryKey: documentKeys.detail(id),
    queryFn: ({ signal }) => getDocument(id, signal),
  });

/** A document; while it is being read it is fetched again every 2 s, hidden tab or not (for
 * anyone who may see it: the task's progress is for its uploader only). */
export function useDocument(id: number) {
  return useQuery({
    ...documentQueryOptions(id),
    refetchInterval: (query) => (BEING_READ.has(query.state.data?.status ?? '') ? TASK_POLL_MS : false),
    refetchIntervalInBackground: true,
  });
}
