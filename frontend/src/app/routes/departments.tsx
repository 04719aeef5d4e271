import { PageHeader } from '@/components/ui/page-header';
import { DepartmentsAdmin } from '@/features/departments/components/departments-admin';
import { searchActiveUsers } from '@/features/users/api/get-users';
import { can } from '@/lib/auth';

import { Forbidden } from './forbidden';
import { useCurrentUser } from './use-current-user';

export default function DepartmentsRoute() {
  const user = useCurrentUser();
  const allowed = can(user, 'department.manage');
  if (!allowed) return <Forbidden />;
  return (
    <>
      <PageHeader title="Departments" />
      <DepartmentsAdmin canManage searchManagers={searchActiveUsers} />
    </>
  );
}
