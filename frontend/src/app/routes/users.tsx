import { PageHeader } from '@/components/ui/page-header';
import { useDepartments } from '@/features/departments/api/get-departments';
import { UsersAdmin } from '@/features/users/components/users-admin';
import { can } from '@/lib/auth';

import { Forbidden } from './forbidden';
import { useCurrentUser } from './use-current-user';

export default function UsersRoute() {
  const user = useCurrentUser();
  const departments = useDepartments();
  if (!can(user, 'user.manage')) return <Forbidden />;
  return (
    <>
      <PageHeader title="Users" />
      <UsersAdmin
        departments={(departments.data?.results ?? []).map((department) => ({
          id: department.id,
          name: department.name,
        }))}
      />
    </>
  );
}
