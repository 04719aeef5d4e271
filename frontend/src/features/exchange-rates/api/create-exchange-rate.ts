import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import { useIdempotencyKey } from '@/lib/idempotency';
import { currencySchema } from '@/lib/schemas';
import type { ExchangeRate } from '@/types';

import { exchangeRateKeys } from './get-exchange-rates';

/** The server's RATE field: up to 10 digits before the point and 10 after, above 0. */
export const rateSchema = z
  .string()
  .trim()
  .regex(/^\d{1,10}(\.\d{1,10})?$/, 'A number with at most 10 decimals, such as 1.0842')
  .refine((value) => /[1-9]/.test(value), 'A rate above 0');

export const exchangeRateInputSchema = z.object({
  currency: currencySchema,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Choose a date'),
  rate: rateSchema,
});
export type ExchangeRateFormValues = z.input<typeof exchangeRateInputSchema>;
export type ExchangeRateInput = z.output<typeof exchangeRateInputSchema>;
export const EXCHANGE_RATE_FIELDS = ['currency', 'date', 'rate'] as const;

export function createExchangeRate(input: ExchangeRateInput, idempotencyKey: string) {
  return api<ExchangeRate>('/api/exchange-rates/', {
    method: 'POST',
    json: input,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** Sets a currency's rate on a day; a day that already has one is replaced (server side). */
export function useCreateExchangeRate() {
  const queryClient = useQueryClient();
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  return useMutation({
    mutationFn: (input: ExchangeRateInput) => createExchangeRate(input, idempotencyKey),
    onSuccess: () => {
      renewKey();
      void queryClient.invalidateQueries({ queryKey: exchangeRateKeys.all });
    },
  });
}
