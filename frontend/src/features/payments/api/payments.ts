import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, apiBlob, saveBlob } from '@/lib/api-client';
import { useIdempotencyKey } from '@/lib/idempotency';
import { rootKeys } from '@/lib/query-keys';
import type {
  BankAccount,
  BankAccountInput,
  BankAccountPage,
  BankStatement,
  BankStatementPage,
  CompanyAccount,
  PaymentRunCreateInput,
  PaymentRunDetail,
  PaymentRunPage,
} from '@/types';

import { paymentKeys, type PaymentRunFilters } from './keys';

export function usePaymentRuns(filters: PaymentRunFilters) {
  return useQuery({
    queryKey: paymentKeys.runs(filters),
    queryFn: ({ signal }) => api<PaymentRunPage>('/api/payment-runs/', { params: filters, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePaymentRun(id: number) {
  return useQuery({
    queryKey: paymentKeys.run(id),
    queryFn: ({ signal }) => api<PaymentRunDetail>(`/api/payment-runs/${id}/`, { signal }),
  });
}

export function useCompanyAccounts() {
  return useQuery({
    queryKey: paymentKeys.companyAccounts(),
    queryFn: ({ signal }) => api<CompanyAccount[]>('/api/company-bank-accounts/', { signal }),
    staleTime: 5 * 60_000,
  });
}

/** After a change the run is what the server answered; lists and the invoices it holds follow. */
function useSettleRun() {
  const queryClient = useQueryClient();
  return (run: PaymentRunDetail) => {
    queryClient.setQueryData(paymentKeys.run(run.id), run);
    void queryClient.invalidateQueries({ queryKey: paymentKeys.all, predicate: (q) => q.queryKey[1] === 'runs' });
    void queryClient.invalidateQueries({ queryKey: rootKeys.invoices });
    void queryClient.invalidateQueries({ queryKey: rootKeys.purchaseOrders });
  };
}

export function useCreatePaymentRun() {
  const settle = useSettleRun();
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  return useMutation({
    mutationFn: (input: PaymentRunCreateInput) =>
      api<PaymentRunDetail>('/api/payment-runs/', {
        method: 'POST',
        json: input,
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    onSuccess: (run) => {
      renewKey();
      settle(run);
    },
  });
}

export function useUpdatePaymentRun(id: number) {
  const settle = useSettleRun();
  return useMutation({
    mutationFn: (change: { add?: number[]; remove?: number[] }) =>
      api<PaymentRunDetail>(`/api/payment-runs/${id}/`, { method: 'PATCH', json: change }),
    onSuccess: settle,
  });
}

export type RunAction = 'approve' | 'cancel' | 'mark-paid';

export function usePaymentRunAction(id: number, action: RunAction) {
  const settle = useSettleRun();
  return useMutation({
    mutationFn: (body?: { reason?: string; reference?: string; paid_on?: string }) =>
      api<PaymentRunDetail>(`/api/payment-runs/${id}/${action}/`, { method: 'POST', json: body ?? {} }),
    onSuccess: settle,
  });
}

/** The first download of an approved run exports it: the run is read again afterwards. */
export function useDownloadRunFile(id: number, number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (kind: 'sepa' | 'csv') => {
      const { blob, filename } = await apiBlob(`/api/payment-runs/${id}/${kind}/`);
      saveBlob(blob, filename ?? `${number}-${kind === 'sepa' ? 'pain.001.xml' : 'payments.csv'}`);
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: paymentKeys.all }),
  });
}

export function useBankAccounts(vendor: number) {
  return useQuery({
    queryKey: paymentKeys.bankAccounts(vendor),
    queryFn: ({ signal }) =>
      api<BankAccountPage>(`/api/vendors/${vendor}/bank-accounts/`, { params: { page_size: 50 }, signal }),
  });
}

export function useCreateBankAccount(vendor: number) {
  const queryClient = useQueryClient();
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  return useMutation({
    mutationFn: (input: BankAccountInput) =>
      api<BankAccount>(`/api/vendors/${vendor}/bank-accounts/`, {
        method: 'POST',
        json: input,
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    onSuccess: () => {
      renewKey();
      void queryClient.invalidateQueries({ queryKey: paymentKeys.bankAccounts(vendor) });
    },
  });
}

export function useBankAccountChange(vendor: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: number; change: 'confirm' | { is_default?: boolean; is_active?: boolean } }) =>
      change === 'confirm'
        ? api<BankAccount>(`/api/vendors/${vendor}/bank-accounts/${id}/confirm/`, { method: 'POST' })
        : api<BankAccount>(`/api/vendors/${vendor}/bank-accounts/${id}/`, { method: 'PATCH', json: change }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: paymentKeys.bankAccounts(vendor) }),
  });
}

export function useBankStatements() {
  return useQuery({
    queryKey: paymentKeys.statements(),
    queryFn: ({ signal }) => api<BankStatementPage>('/api/bank-statements/', { params: { page_size: 10 }, signal }),
  });
}

export const MAX_STATEMENT_BYTES = 5 * 1024 * 1024;

export function useUploadStatement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const formData = new FormData();
      formData.append('file', file);
      return api<BankStatement>('/api/bank-statements/', { method: 'POST', formData });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: paymentKeys.all });
      void queryClient.invalidateQueries({ queryKey: rootKeys.invoices });
      void queryClient.invalidateQueries({ queryKey: rootKeys.purchaseOrders });
    },
  });
}
