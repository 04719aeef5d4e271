import { useNavigate } from 'react-router';

import { Card, PageHeader } from '@/components/ui/page-header';
import { useCreatePurchaseRequest } from '@/features/purchase-requests/api/create-purchase-request';
import { PurchaseRequestForm, toFormValues } from '@/features/purchase-requests/components/purchase-request-form';
import { searchActiveVendors } from '@/features/vendors/api/get-vendors';
import { useIdempotencyKey } from '@/lib/idempotency';
import { notify } from '@/stores/ui-store';

export default function NewPurchaseRequestRoute() {
  const navigate = useNavigate();
  const create = useCreatePurchaseRequest();
  const [idempotencyKey] = useIdempotencyKey();
  return (
    <>
      <PageHeader title="New purchase request" description="Saved as a draft; submit it for approval from its page." />
      <Card>
        <PurchaseRequestForm
          defaultValues={toFormValues()}
          searchVendors={searchActiveVendors}
          submitLabel="Save draft"
          onCancel={() => void navigate(-1)}
          onSubmit={async (input) => {
            const created = await create.mutateAsync({ input, idempotencyKey });
            notify('success', `${created.number} saved as a draft.`);
            void navigate(`/purchase-requests/${created.id}`);
          }}
        />
      </Card>
    </>
  );
}
