import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { z } from 'zod';

import { api, apiBlob, saveBlob } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { SpendingReport } from '@/types';

const isoDate = z.union([z.literal(''), z.iso.date('A date as YYYY-MM-DD')]);

export const spendingReportFiltersSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    group_by: z.enum(['department', 'vendor', 'month']),
  })
  .refine((value) => !value.from || !value.to || value.from <= value.to, {
    path: ['to'],
    message: "'To' must not be before 'from'",
  });
export type SpendingReportFilters = z.infer<typeof spendingReportFiltersSchema>;

function params(filters: SpendingReportFilters) {
  return { from: filters.from || undefined, to: filters.to || undefined, group_by: filters.group_by };
}

export function getSpendingReport(filters: SpendingReportFilters, signal?: AbortSignal) {
  return api<SpendingReport>('/api/reports/spending/', { params: params(filters), signal });
}

export const spendingReportQueryOptions = (filters: SpendingReportFilters) =>
  queryOptions({
    queryKey: [...rootKeys.reports, 'spending', filters],
    queryFn: ({ signal }) => getSpendingReport(filters, signal),
    placeholderData: keepPreviousData,
  });

/** `enabled: false` while the filters are invalid: nothing is asked, and no earlier result stands in. */
export function useSpendingReport(filters: SpendingReportFilters, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...spendingReportQueryOptions(filters), enabled });
}

export async function downloadSpendingReportCsv(filters: SpendingReportFilters) {
  const { blob, filename } = await apiBlob('/api/reports/spending/', { params: { ...params(filters), format: 'csv' } });
  saveBlob(blob, filename ?? `spending-${filters.group_by}.csv`);
}

export function useDownloadSpendingReportCsv() {
  return useMutation({ mutationFn: downloadSpendingReportCsv });
}
