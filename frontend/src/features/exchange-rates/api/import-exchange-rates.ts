import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import { formatBytes } from '@/lib/format';
import type { ExchangeRateImportResult } from '@/types';

import { exchangeRateKeys } from './get-exchange-rates';

/** The server's MAX_IMPORT_BYTES (the ECB's whole history is about 1.6 MB); it answers 413 above. */
export const MAX_RATE_FILE_BYTES = 2 * 1024 * 1024;
export const RATE_FILE_ACCEPT = '.csv,.xml,text/csv,text/xml,application/xml';

export const rateFileInputSchema = z.object({
  file: z
    .instanceof(File, { message: 'Choose a CSV or ECB XML file' })
    .refine((file) => file.size > 0, 'The file is empty')
    .refine(
      (file) => file.size <= MAX_RATE_FILE_BYTES,
      `The file is too large: the limit is ${formatBytes(MAX_RATE_FILE_BYTES)}`,
    ),
});
export type RateFileFormValues = z.input<typeof rateFileInputSchema>;
export type RateFileInput = z.output<typeof rateFileInputSchema>;
export const RATE_FILE_FIELDS = ['file'] as const;

export function importExchangeRates(input: RateFileInput) {
  const formData = new FormData();
  formData.append('file', input.file);
  return api<ExchangeRateImportResult>('/api/exchange-rates/import/', { method: 'POST', formData });
}

/** Imports a whole file, all or nothing (a bad line answers 400 invalid_rate_file with every bad line). */
export function useImportExchangeRates() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importExchangeRates,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: exchangeRateKeys.all }),
  });
}
