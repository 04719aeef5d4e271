import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';

import { Button } from '@/components/ui/button';
import { type ComboboxOption } from '@/components/ui/combobox';
import { ComboboxField } from '@/components/ui/combobox-field';
import { Card } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/states';
import { isApiError } from '@/lib/api-client';
import { applyServerErrors } from '@/lib/form-errors';
import { useIdempotencyKey } from '@/lib/idempotency';
import { rootKeys } from '@/lib/query-keys';
import { notify } from '@/stores/ui-store';

import {
  purchaseOrderInputSchema,
  useCreatePurchaseOrder,
  type PurchaseOrderFormValues,
  type PurchaseOrderInput,
} from '../api/create-purchase-order';

/**
 * For procurement: order an approved request that named no vendor: issue at once, or prepare a
 * draft first. If another tab already ordered it, the request refetches (the form goes away and
 * the page links to that order).
 */
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
  const queryClient = useQueryClient();
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { isSubmitting },
  } = useForm<PurchaseOrderFormValues, unknown, PurchaseOrderInput>({
    resolver: zodResolver(purchaseOrderInputSchema),
    defaultValues: { purchase_request: requestId, vendor: '', issue: true },
  });
  const submit = handleSubmit(async (input) => {
    setFormError(null);
    try {
      const order = await create.mutateAsync({ input, idempotencyKey });
      notify(
        'success',
        input.issue ? `${order.number} issued.` : `${order.number} drafted: complete it, then issue it.`,
      );
      void navigate(`/purchase-orders/${order.id}`);
    } catch (error) {
      if (isApiError(error) && error.code === 'purchase_order_exists') {
        notify('error', error.message);
        void queryClient.invalidateQueries({ queryKey: rootKeys.purchaseRequests });
        return;
      }
      setFormError(applyServerErrors(error, setError, ['vendor']));
    }
  });
  return (
    <Card title="Order it">
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
        <Button type="submit" loading={isSubmitting} onClick={() => setValue('issue', true)}>
          Issue PO
        </Button>
        <Button type="submit" variant="secondary" disabled={isSubmitting} onClick={() => setValue('issue', false)}>
          Prepare a draft
        </Button>
      </form>
    </Card>
  );
}
