import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { DocumentDetail } from '@/types';

import { documentKeys } from './keys';

export function getDocument(id: number, signal?: AbortSignal) {
  return api<DocumentDetail>(`/api/documents/${id}/`, { signal });
}

export const documentQueryOptions = (id: number) =>
  queryOptions({
    queryKey: documentKeys.detail(id),
    queryFn: ({ signal }) => getDocument(id, signal),
  });

export function useDocument(id: number | null) {
  return useQuery({ ...documentQueryOptions(id ?? 0), enabled: id !== null });
}
