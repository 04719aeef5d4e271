import { PageHeader } from '@/components/ui/page-header';
import { NewPaymentRun, PaymentRunsList } from '@/features/payments/components/payment-runs';

export default function PaymentRunsRoute() {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Payment runs"
        description="Approved invoices are paid in runs: proposed by one finance user, approved by another, sent to the bank as a file, confirmed by the bank statement."
      />
      <NewPaymentRun />
      <PaymentRunsList />
    </div>
  );
}
