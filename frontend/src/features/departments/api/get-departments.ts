import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { DepartmentOutput, DepartmentPage } from '@/types';

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

/** Departments matching `text` (name or code), for a search-backed picker. */
export async function searchDepartments(text: string): Promise<Array<{ id: number; name: string }>> {
  const page = await api<DepartmentPage>('/api/departments/', {
    params: { search: text.trim() || undefined, page_size: 20 },
  });
  return page.results.map((department) => ({ id: department.id, name: department.name }));
}

/** One department's name, for a picker that starts from an id (e.g. a filter in the URL). */
export async function getDepartmentOption(id: number): Promise<{ id: number; name: string }> {
  const department = await api<DepartmentOutput>(`/api/departments/${id}/`);
  return { id: department.id, name: department.name };
}
