import { Navigate, useNavigate, useParams } from 'react-router';

import { Card, PageHeader } from '@/components/ui/page-header';
import { PageSkeleton } from '@/components/ui/skeleton';
import { ErrorState } from '@/components/ui/states';
import { usePurchaseRequest } from '@/features/purchase-requests/api/get-purchase-request';
import { useUpdatePurchaseRequest } from '@/features/purchase-requests/api/update-purchase-request';
import { PurchaseRequestForm, toFormValues } from '@/features/purchase-requests/components/purchase-request-form';
import { searchActiveVendors } from '@/features/vendors/api/get-vendors';
import { notify } from '@/stores/ui-store';

import { useCurrentUser } from '../use-current-user';

export default function EditPurchaseRequestRoute() {
  const id = Number(useParams().id);
  const user = useCurrentUser();
  const navigate = useNavigate();
  const request = usePurchaseRequest(id);
  const update = useUpdatePurchaseRequest(id);
  if (request.isPending) return <PageSkeleton label="Loading the request" />;
  if (request.isError) return <ErrorState error={request.error} onRetry={() => void request.refetch()} />;
  // Only the requester edits, and only a draft (the API says 409 otherwise).
  if (request.data.status !== 'DRAFT' || request.data.requester.id !== user.id)
    return <Navigate to={`/purchase-requests/${id}`} replace />;
  return (
    <>
      <PageHeader title={`Edit ${request.data.number}`} />
      <Card>
        <PurchaseRequestForm
          routeFor={id}
          defaultValues={toFormValues(request.data)}
          initialVendor={request.data.vendor}
          searchVendors={searchActiveVendors}
          submitLabel="Save changes"
          onCancel={() => void navigate(`/purchase-requests/${id}`)}
          onSubmit={async (input) => {
            await update.mutateAsync(input);
            notify('success', 'Draft saved.');
            void navigate(`/purchase-requests/${id}`);
          }}
        />
      </Card>
    </>
  );
}
