import { PageHeader } from '@/components/ui/page-header';
import { searchDepartments } from '@/features/departments/api/get-departments';
import { UsersAdmin } from '@/features/users/components/users-admin';
import { can } from '@/lib/auth';

import { Forbidden } from './forbidden';
import { useCurrentUser } from './use-current-user';

export default function UsersRoute() {
  const user = useCurrentUser();
  if (!can(user, 'user.manage')) return <Forbidden />;
  return (
    <>
      <PageHeader title="Users" />
      <UsersAdmin searchDepartments={searchDepartments} />
    </>
  );
}
