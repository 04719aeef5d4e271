import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { DepartmentOutput } from '@/types';

import type { DepartmentInput } from './create-department';
import { departmentKeys } from './get-departments';

export function updateDepartment(id: number, input: DepartmentInput) {
  return api<DepartmentOutput>(`/api/departments/${id}/`, { method: 'PATCH', json: input });
}

export function useUpdateDepartment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: DepartmentInput }) => updateDepartment(id, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: departmentKeys.all }),
  });
}
