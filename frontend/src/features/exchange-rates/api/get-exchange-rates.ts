import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { ExchangeRatePage, QueryOf } from '@/types';

export type ExchangeRateFilters = QueryOf<'exchange_rates_list'>;

export const exchangeRateKeys = {
  all: rootKeys.exchangeRates,
  lists: () => [...rootKeys.exchangeRates, 'list'] as const,
  list: (filters: ExchangeRateFilters) => [...rootKeys.exchangeRates, 'list', filters] as const,
};

export function getExchangeRates(filters: ExchangeRateFilters, signal?: AbortSignal) {
  return api<ExchangeRatePage>('/api/exchange-rates/', { params: filters, signal });
}

export const exchangeRatesQueryOptions = (filters: ExchangeRateFilters) =>
  queryOptions({
    queryKey: exchangeRateKeys.list(filters),
    queryFn: ({ signal }) => getExchangeRates(filters, signal),
    placeholderData: keepPreviousData,
  });

/** The rates, newest day first (the server's order). */
export function useExchangeRates(filters: ExchangeRateFilters) {
  return useQuery(exchangeRatesQueryOptions(filters));
}
