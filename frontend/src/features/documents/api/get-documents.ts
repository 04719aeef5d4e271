import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { DocumentPage } from '@/types';

import { documentKeys, type DocumentFilters } from './keys';

export function getDocuments(filters: DocumentFilters, signal?: AbortSignal) {
  return api<DocumentPage>('/api/documents/', { params: filters, signal });
}

export const documentsQueryOptions = (filters: DocumentFilters) =>
  queryOptions({
    queryKey: documentKeys.list(filters),
    queryFn: ({ signal }) => getDocuments(filters, signal),
    placeholderData: keepPreviousData,
  });

export function useDocuments(filters: DocumentFilters) {
  return useQuery(documentsQueryOptions(filters));
}
