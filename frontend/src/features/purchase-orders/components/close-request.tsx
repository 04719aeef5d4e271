import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, Textarea } from '@/components/ui/field';
import { errorMessage } from '@/components/ui/states';
import { notify } from '@/stores/ui-store';

import { useCloseRequest } from '../api/procurement-queue';

/** Procurement closes an approved request no order will follow; its amount leaves the budget. */
export function CloseRequest({ requestId, number }: { requestId: number; number: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const close = useCloseRequest(requestId);
  return (
    <div>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Close without ordering
      </Button>
      <ConfirmDialog
        open={open}
        title={`Close ${number} without an order?`}
        confirmLabel="Close the request"
        destructive
        busy={close.isPending}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          if (!reason.trim()) return notify('error', 'Say why no order follows.');
          close.mutate(reason.trim(), {
            onSuccess: () => {
              setOpen(false);
              notify('success', `${number} closed; its amount is released from the budget.`);
            },
            onError: (error) => notify('error', errorMessage(error)),
          });
        }}
      >
        <Field label="Reason (the requester is told)">
          {(props) => <Textarea {...props} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
      </ConfirmDialog>
    </div>
  );
}
