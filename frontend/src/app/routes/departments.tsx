import { PageHeader } from '@/components/ui/page-header';
import { DepartmentsAdmin } from '@/features/departments/components/departments-admin';
import { useUsers } from '@/features/users/api/get-users';
import { can } from '@/lib/auth';

import { Forbidden } from './forbidden';
import { useCurrentUser } from './use-current-user';

export default function DepartmentsRoute() {
  const user = useCurrentUser();
  const allowed = can(user, 'department.manage');
  const managers = useUsers({ is_active: true, page_size: 100 }, { enabled: allowed });
  if (!allowed) return <Forbidden />;
  return (
    <>
      <PageHeader title="Departments" />
      <DepartmentsAdmin
        canManage
        managers={(managers.data?.results ?? []).map((manager) => ({
          id: manager.id,
          label: manager.full_name || manager.email,
        }))}
      />
    </>
  );
}
