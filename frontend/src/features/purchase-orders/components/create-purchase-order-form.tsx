import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';

import { Button } from '@/components/ui/button';
import { type ComboboxOption } from '@/components/ui/combobox';
import { ComboboxField } from '@/components/ui/combobox-field';
import { Card } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/states';
import { applyServerErrors } from '@/lib/form-errors';
import { useIdempotencyKey } from '@/lib/idempotency';
import { notify } from '@/stores/ui-store';

import {
  purchaseOrderInputSchema,
  useCreatePurchaseOrder,
  type PurchaseOrderFormValues,
  type PurchaseOrderInput,
} from '../api/create-purchase-order';

/** For procurement: issue the order of an approved request that named no vendor. */
export function CreatePurchaseOrderForm({
  requestId,
  searchVendors,
}: {
  requestId: number;
  /** Finds active vendors by name; the route passes the vendors API (features do not import each other). */
  searchVendors: (text: string) => Promise<ComboboxOption[]>;
}) {
  const navigate = useNavigate();
  const [idempotencyKey] = useIdempotencyKey();
  const [formError, setFormError] = useState<string | null>(null);
  const create = useCreatePurchaseOrder();
  const {
    control,
    handleSubmit,
    setError,
    formState: { isSubmitting },
  } = useForm<PurchaseOrderFormValues, unknown, PurchaseOrderInput>({
    resolver: zodResolver(purchaseOrderInputSchema),
    defaultValues: { purchase_request: requestId, vendor: '' },
  });
  const submit = handleSubmit(async (input) => {
    setFormError(null);
    try {
      const order = await create.mutateAsync({ input, idempotencyKey });
      notify('success', `${order.number} issued.`);
      void navigate(`/purchase-orders/${order.id}`);
    } catch (error) {
      setFormError(applyServerErrors(error, setError, ['vendor']));
    }
  });
  return (
    <Card title="Issue the purchase order">
      <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
        {formError && <Alert>{formError}</Alert>}
        <div className="min-w-56 flex-1">
          <ComboboxField
            control={control}
            name="vendor"
            label="Vendor"
            placeholder="Type to search vendors"
            initial={null}
            search={searchVendors}
          />
        </div>
        <Button type="submit" loading={isSubmitting}>
          Issue PO
        </Button>
      </form>
    </Card>
  );
}
