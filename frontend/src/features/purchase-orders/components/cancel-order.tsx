import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, Textarea } from '@/components/ui/field';
import { errorMessage } from '@/components/ui/states';
import { notify } from '@/stores/ui-store';
import type { PurchaseOrderDetail } from '@/types';

import { useCancelOrder } from '../api/order-actions';

/**
 * Cancel an order nothing was received on (the request goes back to procurement's queue, or
 * is closed and its budget released: the person cancelling chooses), or short-close one with
 * goods received (what arrived stays; the rest is cancelled). The vendor is told either way.
 */
export function CancelOrder({ order }: { order: PurchaseOrderDetail }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reissue, setReissue] = useState(true);
  const cancel = useCancelOrder(order.id);
  const shortClose = order.lines.some((line) => Number(line.received_quantity) > 0);
  const label = shortClose ? 'Close open quantities' : order.status === 'DRAFT' ? 'Discard draft' : 'Cancel order';
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        {label}
      </Button>
      <ConfirmDialog
        open={open}
        title={shortClose ? `Short-close ${order.label}?` : `Cancel ${order.label}?`}
        confirmLabel={label}
        destructive
        busy={cancel.isPending}
        onCancel={() => setOpen(false)}
        onConfirm={() =>
          cancel.mutate(
            { reason, reissue: !shortClose && reissue },
            {
              onSuccess: () => {
                setOpen(false);
                notify('success', shortClose ? 'Open quantities cancelled.' : 'Order cancelled.');
              },
              onError: (error) => notify('error', errorMessage(error)),
            },
          )
        }
      >
        <div className="space-y-3">
          <p>
            {shortClose
              ? 'What was received stays on the order; the quantities still open are cancelled and their amount released from the budget.'
              : `${order.vendor.name} is told the order is cancelled.`}
          </p>
          {!shortClose && (
            <fieldset className="space-y-1">
              <legend className="font-medium">The request {order.purchase_request.number}</legend>
              <label className="flex items-start gap-2">
                <input type="radio" name="reissue" checked={reissue} onChange={() => setReissue(true)} />
                <span>Goes back to procurement's queue to order again (its amount stays committed)</span>
              </label>
              <label className="flex items-start gap-2">
                <input type="radio" name="reissue" checked={!reissue} onChange={() => setReissue(false)} />
                <span>Is closed: no order follows, its amount is released from the budget</span>
              </label>
            </fieldset>
          )}
          <Field label="Reason (sent to the vendor)">
            {(props) => <Textarea {...props} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
        </div>
      </ConfirmDialog>
    </>
  );
}
