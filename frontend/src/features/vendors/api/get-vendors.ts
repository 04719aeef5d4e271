import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { QueryOf, VendorOutput, VendorPage } from '@/types';

export type VendorFilters = QueryOf<'vendors_list'>;

export const vendorKeys = {
  all: rootKeys.vendors,
  list: (filters: VendorFilters) => [...rootKeys.vendors, 'list', filters] as const,
  detail: (id: number) => [...rootKeys.vendors, 'detail', id] as const,
};

export function useVendor(id: number) {
  return useQuery({
    queryKey: vendorKeys.detail(id),
    queryFn: ({ signal }) => api<VendorOutput>(`/api/vendors/${id}/`, { signal }),
  });
}

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

/** Active vendors matching `text` (name, e-mail or tax id), by name, for a search-backed picker. */
export async function searchActiveVendors(text: string): Promise<Array<{ id: number; name: string }>> {
  const page = await getVendors({
    search: text.trim() || undefined,
    is_active: true,
    ordering: ['name'],
    page_size: 20,
  });
  return page.results.map((vendor) => ({ id: vendor.id, name: vendor.name }));
}

/** Any vendor matching `text` (inactive ones too: a list may be filtered by a former vendor). */
export async function searchVendors(text: string): Promise<Array<{ id: number; name: string }>> {
  const page = await getVendors({ search: text.trim() || undefined, ordering: ['name'], page_size: 20 });
  return page.results.map((vendor) => ({ id: vendor.id, name: vendor.name }));
}

/** One vendor's name, for a picker that starts from an id (e.g. a filter in the URL). */
export async function getVendorOption(id: number): Promise<{ id: number; name: string }> {
  const vendor = await api<VendorOutput>(`/api/vendors/${id}/`);
  return { id: vendor.id, name: vendor.name };
}
