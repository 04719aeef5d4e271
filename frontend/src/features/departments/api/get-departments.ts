import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { DepartmentPage } from '@/types';

export const departmentKeys = {
  all: rootKeys.departments,
  list: () => [...rootKeys.departments, 'list'] as const,
};

export function getDepartments(signal?: AbortSignal) {
  return api<DepartmentPage>('/api/departments/', { params: { page_size: 100 }, signal });
}

export const departmentsQueryOptions = () =>
  queryOptions({
    queryKey: departmentKeys.list(),
    queryFn: ({ signal }) => getDepartments(signal),
    staleTime: 60_000,
  });

export function useDepartments() {
  return useQuery(departmentsQueryOptions());
}
