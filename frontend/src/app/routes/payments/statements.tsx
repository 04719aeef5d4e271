import { PageHeader } from '@/components/ui/page-header';
import { StatementUpload } from '@/features/payments/components/statement-upload';

export default function BankStatementsRoute() {
  return (
    <>
      <PageHeader
        title="Bank statements"
        description="Each booked debit of a camt.053 statement is matched to an exported payment by its end-to-end id (else by amount and IBAN); the same file twice changes nothing."
      />
      <StatementUpload />
    </>
  );
}
