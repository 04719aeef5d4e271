import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { QueryOf, UserPage } from '@/types';

export type UserFilters = QueryOf<'users_list'>;

export const userKeys = {
  all: rootKeys.users,
  list: (filters: UserFilters) => [...rootKeys.users, 'list', filters] as const,
};

export function getUsers(filters: UserFilters, signal?: AbortSignal) {
  return api<UserPage>('/api/users/', { params: filters, signal });
}

export const usersQueryOptions = (filters: UserFilters) =>
  queryOptions({
    queryKey: userKeys.list(filters),
    queryFn: ({ signal }) => getUsers(filters, signal),
    placeholderData: keepPreviousData,
  });

export function useUsers(filters: UserFilters, options: { enabled?: boolean } = {}) {
  return useQuery({ ...usersQueryOptions(filters), ...options });
}

/** Active users matching `text` (email or name), for a search-backed picker. */
export async function searchActiveUsers(text: string): Promise<Array<{ id: number; name: string }>> {
  const page = await getUsers({ search: text.trim() || undefined, is_active: true, page_size: 20 });
  return page.results.map((user) => ({ id: user.id, name: user.full_name || user.email }));
}
