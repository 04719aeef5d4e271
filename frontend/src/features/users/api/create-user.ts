import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import { moneySchema, optionalIdSchema } from '@/lib/schemas';
import type { Role, UserOutput } from '@/types';

import { userKeys } from './get-users';

export const ROLES = ['requester', 'approver', 'procurement', 'finance', 'admin'] as const satisfies Role[];

const userFields = {
  email: z.string().trim().pipe(z.email('Enter a valid email address')),
  full_name: z.string().trim().max(150),
  role: z.enum(ROLES),
  department: optionalIdSchema,
  manager: optionalIdSchema,
  spending_limit: moneySchema,
  approval_limit: moneySchema,
  is_active: z.boolean(),
};

export const userCreateInputSchema = z.object({
  ...userFields,
  password: z.string().min(8, 'At least 8 characters').max(128),
});

/** Editing: the password is optional (empty keeps the current one). */
export const userUpdateInputSchema = z.object({
  ...userFields,
  password: z
    .string()
    .refine((value) => value === '' || value.length >= 8, 'At least 8 characters')
    .transform((value) => value || undefined),
});

export type UserFormValues = z.input<typeof userCreateInputSchema>;
export type UserCreateInput = z.output<typeof userCreateInputSchema>;
export type UserUpdateInput = z.output<typeof userUpdateInputSchema>;
export const USER_FIELDS = [
  'email',
  'full_name',
  'role',
  'department',
  'manager',
  'spending_limit',
  'approval_limit',
  'is_active',
  'password',
] as const;

export function createUser(input: UserCreateInput) {
  return api<UserOutput>('/api/users/', { method: 'POST', json: input });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
