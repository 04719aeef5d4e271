import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { DocumentDetail } from '@/types';

import { documentKeys } from './keys';

/** A document being read is fetched again every 2 s until it is COMPLETED or FAILED. */
export const DOCUMENT_POLL_MS = 2000;
const BEING_READ: ReadonlySet<string> = new Set(['PENDING', 'PROCESSING']);

export function isBeingRead(document: Pick<DocumentDetail, 'status'> | undefined): boolean {
  return document !== undefined && BEING_READ.has(document.status ?? '');
}

export function getDocument(id: number, signal?: AbortSignal) {
  return api<DocumentDetail>(`/api/documents/${id}/`, { signal });
}

export const documentQueryOptions = (id: number) =>
  queryOptions({
    queryKey: documentKeys.detail(id),
    queryFn: ({ signal }) => getDocument(id, signal),
  });

/**
 * A document, with its status and reading progress: the one endpoint the document page and the
 * upload follow. While it is PENDING or PROCESSING it is fetched again every 2 s, hidden tab or
 * not; once it is read, failed or refused (an error), it is not. `null` fetches nothing.
 */
export function useDocument(id: number | null, pollMs = DOCUMENT_POLL_MS) {
  return useQuery({
    ...documentQueryOptions(id ?? 0),
    enabled: id !== null,
    refetchInterval: (query) => (isBeingRead(query.state.data) ? pollMs : false),
    refetchIntervalInBackground: true,
  });
}
