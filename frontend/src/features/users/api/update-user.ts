import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { meQueryOptions } from '@/lib/auth';
import type { UserOutput } from '@/types';

import type { UserUpdateInput } from './create-user';
import { userKeys } from './get-users';

export function updateUser(id: number, input: UserUpdateInput) {
  return api<UserOutput>(`/api/users/${id}/`, { method: 'PATCH', json: input });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: UserUpdateInput }) => updateUser(id, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
      // An admin may have changed their own role or limits: navigation follows at once.
      void queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey });
    },
  });
}
