import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import { useIdempotencyKey } from '@/lib/idempotency';
import { moneySchema, optionalIdSchema } from '@/lib/schemas';
import type { DepartmentOutput } from '@/types';

import { departmentKeys } from './get-departments';

export const departmentInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(120),
  code: z.string().trim().min(1, 'Enter a short code').max(20),
  annual_budget: moneySchema,
  manager: optionalIdSchema,
});
export type DepartmentFormValues = z.input<typeof departmentInputSchema>;
export type DepartmentInput = z.output<typeof departmentInputSchema>;
export const DEPARTMENT_FIELDS = ['name', 'code', 'annual_budget', 'manager'] as const;

export function createDepartment(input: DepartmentInput, idempotencyKey: string) {
  return api<DepartmentOutput>('/api/departments/', {
    method: 'POST',
    json: input,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** A retried create (a lost answer, a double click) gives the first result, not a second department. */
export function useCreateDepartment() {
  const queryClient = useQueryClient();
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  return useMutation({
    mutationFn: (input: DepartmentInput) => createDepartment(input, idempotencyKey),
    onSuccess: () => {
      renewKey();
      void queryClient.invalidateQueries({ queryKey: departmentKeys.all });
    },
  });
}
