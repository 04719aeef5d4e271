import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import { useIdempotencyKey } from '@/lib/idempotency';
import { currencySchema } from '@/lib/schemas';
import type { VendorOutput } from '@/types';

import { vendorKeys } from './get-vendors';

export const vendorInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter the vendor name').max(200),
  email: z.union([z.literal(''), z.email('Enter a valid email address')]),
  phone: z.string().trim().max(40),
  address: z.string().trim().max(2000),
  tax_id: z.string().trim().max(40),
  currency: currencySchema,
  is_active: z.boolean(),
});
export type VendorFormValues = z.input<typeof vendorInputSchema>;
export type VendorInput = z.output<typeof vendorInputSchema>;
export const VENDOR_FIELDS = ['name', 'email', 'phone', 'address', 'tax_id', 'currency', 'is_active'] as const;

export function createVendor(input: VendorInput, idempotencyKey: string) {
  return api<VendorOutput>('/api/vendors/', {
    method: 'POST',
    json: input,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** A retried create (a lost answer, a double click) gives the first result, not a second vendor. */
export function useCreateVendor() {
  const queryClient = useQueryClient();
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  return useMutation({
    mutationFn: (input: VendorInput) => createVendor(input, idempotencyKey),
    onSuccess: () => {
      renewKey();
      void queryClient.invalidateQueries({ queryKey: vendorKeys.all });
    },
  });
}
