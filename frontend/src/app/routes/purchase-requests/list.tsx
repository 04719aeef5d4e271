import { Link } from 'react-router';

import { PageHeader } from '@/components/ui/page-header';
import { getDepartmentOption, searchDepartments } from '@/features/departments/api/get-departments';
import { PurchaseRequestsList } from '@/features/purchase-requests/components/purchase-requests-list';
import { getVendorOption, searchVendors } from '@/features/vendors/api/get-vendors';
import { can } from '@/lib/auth';

import { useCurrentUser } from '../use-current-user';

const DEPARTMENTS = { search: searchDepartments, resolve: getDepartmentOption };
const VENDORS = { search: searchVendors, resolve: getVendorOption };

export default function PurchaseRequestsRoute() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader
        title="Purchase requests"
        actions={
          can(user, 'purchase_request.create') && (
            <Link
              to="/purchase-requests/new"
              className="inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
            >
              New purchase request
            </Link>
          )
        }
      />
      <PurchaseRequestsList departments={DEPARTMENTS} vendors={VENDORS} />
    </>
  );
}
