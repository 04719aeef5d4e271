import { rootKeys } from '@/lib/query-keys';
import type { QueryOf } from '@/types';

export type PaymentRunFilters = QueryOf<'payment_runs_list'>;

export const paymentKeys = {
  all: rootKeys.payments,
  runs: (filters: PaymentRunFilters) => [...rootKeys.payments, 'runs', filters] as const,
  run: (id: number) => [...rootKeys.payments, 'run', id] as const,
  bankAccounts: (vendor: number) => [...rootKeys.payments, 'bank-accounts', vendor] as const,
  companyAccounts: () => [...rootKeys.payments, 'company-accounts'] as const,
  statements: () => [...rootKeys.payments, 'statements'] as const,
};
