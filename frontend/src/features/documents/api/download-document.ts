import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiBlob } from '@/lib/api-client';

import { documentKeys } from './keys';

export function downloadDocument(id: number, signal?: AbortSignal) {
  return apiBlob(`/api/documents/${id}/download/`, { signal });
}

/** The original file as a Blob, for the preview beside the extracted fields. */
export const documentFileQueryOptions = (id: number) =>
  queryOptions({
    queryKey: documentKeys.file(id),
    queryFn: ({ signal }) => downloadDocument(id, signal),
    staleTime: Infinity,
    gcTime: 60_000,
  });

export function useDocumentFile(id: number) {
  return useQuery(documentFileQueryOptions(id));
}

/** Page `number` as the PNG the server rendered when it read the document. */
export function usePageImage(id: number, number: number) {
  return useQuery({
    queryKey: documentKeys.page(id, number),
    queryFn: ({ signal }) => apiBlob(`/api/documents/${id}/pages/${number}/`, { signal }),
    staleTime: Infinity,
    gcTime: 60_000,
  });
}
