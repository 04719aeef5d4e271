import { useParams } from 'react-router';

import { PageSkeleton } from '@/components/ui/skeleton';
import { ErrorState } from '@/components/ui/states';
import { usePaymentRun } from '@/features/payments/api/payments';
import { PaymentRunDetail } from '@/features/payments/components/payment-run-detail';
import { can } from '@/lib/auth';

import { useCurrentUser } from '../use-current-user';

export default function PaymentRunDetailRoute() {
  const id = Number(useParams().id);
  const user = useCurrentUser();
  const run = usePaymentRun(id);
  if (run.isPending) return <PageSkeleton label="Loading the payment run" />;
  if (run.isError) return <ErrorState error={run.error} onRetry={() => void run.refetch()} />;
  return <PaymentRunDetail run={run.data} canManage={can(user, 'payment.manage')} />;
}
