import { PageHeader } from '@/components/ui/page-header';
import { InvoicesList } from '@/features/invoices/components/invoices-list';

export default function InvoicesRoute() {
  return (
    <>
      <PageHeader
        title="Invoices"
        description="Vendor invoices and credit notes, matched against their orders and receipts. Enter one from a read document (Documents)."
      />
      <InvoicesList />
    </>
  );
}
