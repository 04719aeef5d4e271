import { rootKeys } from '@/lib/query-keys';

export type DocumentFilters = {
  page?: number;
  page_size?: number;
  status?: string;
  purchase_request?: number;
  purchase_order?: number;
};

export const documentKeys = {
  all: rootKeys.documents,
  lists: () => [...rootKeys.documents, 'list'] as const,
  list: (filters: DocumentFilters) => [...rootKeys.documents, 'list', filters] as const,
  detail: (id: number) => [...rootKeys.documents, 'detail', id] as const,
  file: (id: number) => [...rootKeys.documents, 'file', id] as const,
  page: (id: number, number: number) => [...rootKeys.documents, 'page', id, number] as const,
};
