import { PageHeader } from '@/components/ui/page-header';
import { DelegationsPage } from '@/features/delegations/components/delegations-page';

import { useCurrentUser } from './use-current-user';

export default function DelegationsRoute() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title="Away & delegation" description="Who decides your approvals while you are away." />
      <DelegationsPage user={user} />
    </>
  );
}
