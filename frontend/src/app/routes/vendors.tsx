import { PageHeader } from '@/components/ui/page-header';
import { VendorsAdmin } from '@/features/vendors/components/vendors-admin';
import { can } from '@/lib/auth';

import { useCurrentUser } from './use-current-user';

export default function VendorsRoute() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title="Vendors" />
      <VendorsAdmin canManage={can(user, 'vendor.manage')} />
    </>
  );
}
