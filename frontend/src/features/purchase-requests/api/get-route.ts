import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { RouteOutput } from '@/types';

import { purchaseRequestKeys, type RoutePreview } from './keys';

/**
 * Who will approve, in which order and why, and whether the spending limit and budget pass:
 * for a saved request (`id`), or for the new-request form (`'new'`), with the total being typed.
 */
export function useRequestRoute(id: number | 'new', preview?: RoutePreview, enabled = true) {
  const path = id === 'new' ? '/api/purchase-requests/route/' : `/api/purchase-requests/${id}/route/`;
  return useQuery({
    queryKey: purchaseRequestKeys.route(id, preview),
    queryFn: ({ signal }) => api<RouteOutput>(path, { params: preview, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
