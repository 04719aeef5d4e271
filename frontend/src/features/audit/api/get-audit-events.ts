import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { AuditEventPage, QueryOf } from '@/types';

export type AuditFilters = QueryOf<'audit_events_list'>;

export function useAuditEvents(filters: AuditFilters) {
  return useQuery({
    queryKey: [...rootKeys.audit, 'list', filters],
    queryFn: ({ signal }) => api<AuditEventPage>('/api/audit-events/', { params: filters, signal }),
    placeholderData: keepPreviousData,
  });
}
