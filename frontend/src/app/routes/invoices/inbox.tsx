import { PageHeader } from '@/components/ui/page-header';
import { ApInbox } from '@/features/invoices/components/ap-inbox';
import { getVendorOption, searchVendors } from '@/features/vendors/api/get-vendors';

export default function ApInboxRoute() {
  return (
    <>
      <PageHeader
        title="AP inbox"
        description="Invoice holds waiting on your role, oldest first: correct the data, record the receipt, or release the hold with a reason."
      />
      <ApInbox searchVendors={searchVendors} resolveVendor={getVendorOption} />
    </>
  );
}
