import { rootKeys } from '@/lib/query-keys';
import type { QueryOf } from '@/types';

export type InvoiceFilters = QueryOf<'invoices_list'>;
export type MatchExceptionFilters = QueryOf<'match_exceptions_list'>;

export const invoiceKeys = {
  all: rootKeys.invoices,
  lists: () => [...rootKeys.invoices, 'list'] as const,
  list: (filters: InvoiceFilters) => [...rootKeys.invoices, 'list', filters] as const,
  detail: (id: number) => [...rootKeys.invoices, 'detail', id] as const,
  history: (id: number) => [...rootKeys.invoices, 'history', id] as const,
  exceptions: (filters: MatchExceptionFilters) => [...rootKeys.invoices, 'exceptions', filters] as const,
  reports: (name: string, params: object) => [...rootKeys.invoices, 'reports', name, params] as const,
};
