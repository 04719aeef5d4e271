import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import type { VendorOutput } from '@/types';

import { vendorKeys } from './get-vendors';

export const vendorInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter the vendor name').max(200),
  email: z.union([z.literal(''), z.email('Enter a valid email address')]),
  phone: z.string().trim().max(40),
  address: z.string().trim().max(2000),
  tax_id: z.string().trim().max(40),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, 'A 3-letter currency code, such as USD')
    .transform((value) => value.toUpperCase()),
  is_active: z.boolean(),
});
export type VendorFormValues = z.input<typeof vendorInputSchema>;
export type VendorInput = z.output<typeof vendorInputSchema>;
export const VENDOR_FIELDS = ['name', 'email', 'phone', 'address', 'tax_id', 'currency', 'is_active'] as const;

export function createVendor(input: VendorInput) {
  return api<VendorOutput>('/api/vendors/', { method: 'POST', json: input });
}

export function useCreateVendor() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createVendor, onSuccess: () => void queryClient.invalidateQueries({ queryKey: vendorKeys.all }) });
}
