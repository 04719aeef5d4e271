import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { QueryOf, VendorPage } from '@/types';

export type VendorFilters = QueryOf<'vendors_list'>;

export const vendorKeys = {
  all: rootKeys.vendors,
  list: (filters: VendorFilters) => [...rootKeys.vendors, 'list', filters] as const,
};

export function getVendors(filters: VendorFilters, signal?: AbortSignal) {
  return api<VendorPage>('/api/vendors/', { params: filters, signal });
}

export const vendorsQueryOptions = (filters: VendorFilters) =>
  queryOptions({
    queryKey: vendorKeys.list(filters),
    queryFn: ({ signal }) => getVendors(filters, signal),
    placeholderData: keepPreviousData,
  });

export function useVendors(filters: VendorFilters) {
  return useQuery(vendorsQueryOptions(filters));
}

/** Active vendors for a picker (the first 100, by name). */
export function useVendorOptions({ enabled = true }: { enabled?: boolean } = {}) {
  const query = useQuery({ ...vendorsQueryOptions({ is_active: true, ordering: ['name'], page_size: 100 }), enabled });
  return { ...query, options: query.data?.results.map((vendor) => ({ id: vendor.id, name: vendor.name })) ?? [] };
}
