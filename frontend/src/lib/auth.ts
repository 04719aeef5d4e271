import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { useAuthStore } from '@/stores/auth-store';
import type { Capability, Me } from '@/types';

import { api } from './api-client';
import { rootKeys } from './query-keys';

// The signed-in user is shared by every feature (navigation, who may act on what), so it lives
// here rather than in a feature, as in bulletproof-react's lib/auth.

export const meQueryOptions = () =>
  queryOptions({
    queryKey: [...rootKeys.auth, 'me'],
    queryFn: async ({ signal }) => {
      const me = await api<Me>('/api/auth/me/', { signal });
      useAuthStore.getState().signedIn();
      return me;
    },
    retry: false,
    staleTime: 5 * 60_000,
  });

export function useUser() {
  return useQuery(meQueryOptions());
}

export const loginInputSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address').pipe(z.email('Enter a valid email address')),
  password: z.string().min(1, 'Enter your password'),
});
export type LoginInput = z.infer<typeof loginInputSchema>;

export function login(input: LoginInput): Promise<Me> {
  return api<Me>('/api/auth/login/', { method: 'POST', json: input });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (me) => {
      // A new person may sign in on the same tab: nothing of the last one's may show.
      queryClient.clear();
      queryClient.setQueryData(meQueryOptions().queryKey, me);
      useAuthStore.getState().signedIn();
    },
  });
}

export function logout(): Promise<undefined> {
  return api<undefined>('/api/auth/logout/', { method: 'POST' });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      queryClient.clear();
      useAuthStore.getState().signedOut(null);
    },
  });
}

/** What the UI offers; the API enforces it again on every call. */
export function can(user: Me | undefined, permission: Capability): boolean {
  return Boolean(user?.permissions.includes(permission));
}
