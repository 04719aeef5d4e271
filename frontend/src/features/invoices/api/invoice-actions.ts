import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { useIdempotencyKey } from '@/lib/idempotency';
import { rootKeys } from '@/lib/query-keys';
import type { InvoiceCorrectionInput, InvoiceCreateInput, InvoiceDetail } from '@/types';

import { invoiceKeys } from './keys';

/** After any change the invoice is what the server answered; lists, the inbox and the PO's
 * invoiced quantities follow. */
function useSettle() {
  const queryClient = useQueryClient();
  return (invoice: InvoiceDetail) => {
    queryClient.setQueryData(invoiceKeys.detail(invoice.id), invoice);
    void queryClient.invalidateQueries({ queryKey: invoiceKeys.all, predicate: (q) => q.queryKey[1] !== 'detail' });
    void queryClient.invalidateQueries({ queryKey: rootKeys.purchaseOrders });
  };
}

export function useCreateInvoice() {
  const settle = useSettle();
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  return useMutation({
    mutationFn: (input: InvoiceCreateInput) =>
      api<InvoiceDetail>('/api/invoices/', {
        method: 'POST',
        json: input,
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    onSuccess: (invoice) => {
      renewKey();
      settle(invoice);
    },
  });
}

export function useCorrectInvoice(id: number) {
  const settle = useSettle();
  return useMutation({
    mutationFn: (input: InvoiceCorrectionInput) =>
      api<InvoiceDetail>(`/api/invoices/${id}/`, { method: 'PATCH', json: input }),
    onSuccess: settle,
  });
}

export function useReleaseHold(id: number) {
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ holdId, reason }: { holdId: number; reason: string }) =>
      api<InvoiceDetail>(`/api/invoices/${id}/holds/${holdId}/release/`, { method: 'POST', json: { reason } }),
    onSuccess: settle,
  });
}

export function useInvoiceAction(id: number, action: 'approve' | 'cancel') {
  const settle = useSettle();
  return useMutation({
    mutationFn: (body?: { reason?: string }) =>
      api<InvoiceDetail>(`/api/invoices/${id}/${action}/`, { method: 'POST', json: body ?? {} }),
    onSuccess: settle,
  });
}
