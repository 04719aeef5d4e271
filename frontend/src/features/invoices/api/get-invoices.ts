import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { InvoiceDetail, InvoicePage, MatchExceptionPage } from '@/types';

import { invoiceKeys, type InvoiceFilters, type MatchExceptionFilters } from './keys';

export const invoicesQueryOptions = (filters: InvoiceFilters) =>
  queryOptions({
    queryKey: invoiceKeys.list(filters),
    queryFn: ({ signal }) => api<InvoicePage>('/api/invoices/', { params: filters, signal }),
    placeholderData: keepPreviousData,
  });

export function useInvoices(filters: InvoiceFilters) {
  return useQuery(invoicesQueryOptions(filters));
}

export const invoiceQueryOptions = (id: number) =>
  queryOptions({
    queryKey: invoiceKeys.detail(id),
    queryFn: ({ signal }) => api<InvoiceDetail>(`/api/invoices/${id}/`, { signal }),
  });

/** An invoice waiting on a re-match (a receipt being recorded elsewhere) is polled until settled. */
export function useInvoice(id: number) {
  return useQuery({
    ...invoiceQueryOptions(id),
    refetchInterval: (query) => (query.state.data?.status === 'ON_HOLD' ? 15_000 : false),
    refetchIntervalInBackground: false,
  });
}

export function useMatchExceptions(filters: MatchExceptionFilters) {
  return useQuery({
    queryKey: invoiceKeys.exceptions(filters),
    queryFn: ({ signal }) => api<MatchExceptionPage>('/api/match-exceptions/', { params: filters, signal }),
    placeholderData: keepPreviousData,
  });
}
