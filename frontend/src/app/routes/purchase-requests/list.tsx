import { Link } from 'react-router';

import { PageHeader } from '@/components/ui/page-header';
import { PurchaseRequestsList } from '@/features/purchase-requests/components/purchase-requests-list';
import { can } from '@/lib/auth';

import { useCurrentUser } from '../use-current-user';

export default function PurchaseRequestsRoute() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader
        title="Purchase requests"
        actions={
          can(user, 'purchase_request.create') && (
            <Link to="/purchase-requests/new" className="inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
              New purchase request
            </Link>
          )
        }
      />
      <PurchaseRequestsList />
    </>
  );
}
