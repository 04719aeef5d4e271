import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { InvoiceHistoryPage } from '@/types';

import { invoiceKeys } from './keys';

export function useInvoiceHistory(id: number) {
  return useQuery({
    queryKey: invoiceKeys.history(id),
    queryFn: ({ signal }) =>
      api<InvoiceHistoryPage>(`/api/invoices/${id}/history/`, { params: { page_size: 100 }, signal }),
  });
}
