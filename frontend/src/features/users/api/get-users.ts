import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { Paginated, Role, UserOutput } from '@/types';

export type UserFilters = { role?: Role; is_active?: boolean; page?: number; page_size?: number };

export const userKeys = {
  all: rootKeys.users,
  list: (filters: UserFilters) => [...rootKeys.users, 'list', filters] as const,
};

export function getUsers(filters: UserFilters, signal?: AbortSignal) {
  return api<Paginated<UserOutput>>('/api/users/', { params: filters, signal });
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
