import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { VendorOutput } from '@/types';

import type { VendorInput } from './create-vendor';
import { vendorKeys } from './get-vendors';

export function updateVendor(id: number, input: VendorInput) {
  return api<VendorOutput>(`/api/vendors/${id}/`, { method: 'PATCH', json: input });
}

export function useUpdateVendor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: VendorInput }) => updateVendor(id, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: vendorKeys.all }),
  });
}
