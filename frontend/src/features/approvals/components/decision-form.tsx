import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';

import { Button } from '@/components/ui/button';
import { Field, Textarea } from '@/components/ui/field';
import { isApiError } from '@/lib/api-client';
import { applyServerErrors } from '@/lib/form-errors';
import { notify } from '@/stores/ui-store';

import { approveInputSchema, useApprovePurchaseRequest, type ApproveInput } from '../api/approve-purchase-request';
import { rejectInputSchema, useRejectPurchaseRequest, type RejectInput } from '../api/reject-purchase-request';

type Mode = 'approve' | 'reject';

/** How long a quick approve can be undone before it is sent. */
export const QUICK_APPROVE_UNDO_MS = 5_000;

/**
 * Approve (comment optional) or reject (comment required) one request. Used in the inbox, on
 * the dashboard and on the request's page.
 */
export function DecisionForm({
  requestId,
  requestNumber,
  compact = false,
  onDecided,
}: {
  requestId: number;
  requestNumber: string;
  compact?: boolean;
  onDecided?: () => void;
}) {
  const [mode, setMode] = useState<Mode | null>(null);
  const approve = useApprovePurchaseRequest();
  const { mutate: approveNow } = approve;
  // A quick approve waits a few seconds before it is sent, so that a slip can be undone.
  const [undoUntil, setUndoUntil] = useState<number | null>(null);
  useEffect(() => {
    if (undoUntil === null) return;
    const timer = setTimeout(
      () => {
        setUndoUntil(null);
        approveNow(
          { requestId, input: { comment: '' } },
          {
            onSuccess: () => {
              notify('success', `${requestNumber} approved.`);
              onDecided?.();
            },
          },
        );
      },
      Math.max(0, undoUntil - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [undoUntil, approveNow, requestId, requestNumber, onDecided]);

  if (undoUntil !== null) {
    return (
      <div className="flex flex-wrap items-center gap-2" role="status">
        <span className="text-sm text-slate-700">Approving {requestNumber} in a few seconds…</span>
        <Button
          size="sm"
          variant="secondary"
          onClick={() => setUndoUntil(null)}
          aria-label={`Undo approving ${requestNumber}`}
        >
          Undo
        </Button>
      </div>
    );
  }

  if (mode === null) {
    return (
      <div className="flex flex-wrap gap-2">
        <Button size={compact ? 'sm' : 'md'} onClick={() => setMode('approve')} aria-label={`Approve ${requestNumber}`}>
          Approve
        </Button>
        {compact && (
          <Button
            size="sm"
            variant="secondary"
            loading={approve.isPending}
            aria-label={`Quick approve ${requestNumber} without comment`}
            onClick={() => setUndoUntil(Date.now() + QUICK_APPROVE_UNDO_MS)}
          >
            Quick approve
          </Button>
        )}
        <Button
          size={compact ? 'sm' : 'md'}
          variant="danger"
          onClick={() => setMode('reject')}
          aria-label={`Reject ${requestNumber}`}
        >
          Reject
        </Button>
      </div>
    );
  }
  return (
    <CommentForm
      mode={mode}
      requestId={requestId}
      requestNumber={requestNumber}
      onClose={() => setMode(null)}
      onDecided={onDecided}
    />
  );
}

function CommentForm({
  mode,
  requestId,
  requestNumber,
  onClose,
  onDecided,
}: {
  mode: Mode;
  requestId: number;
  requestNumber: string;
  onClose: () => void;
  onDecided?: (() => void) | undefined;
}) {
  const approve = useApprovePurchaseRequest();
  const reject = useRejectPurchaseRequest();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<ApproveInput | RejectInput>({
    resolver: zodResolver(mode === 'approve' ? approveInputSchema : rejectInputSchema),
    defaultValues: { comment: '' },
  });
  const pending = approve.isPending || reject.isPending;
  const submit = handleSubmit((input) => {
    const callbacks = {
      onSuccess: () => {
        notify('success', `${requestNumber} ${mode === 'approve' ? 'approved' : 'rejected'}.`);
        onDecided?.();
      },
      // Decided by someone else (409): nothing left to do here. Anything else (the toast says
      // what): the form stays open with the comment, its field error on it.
      onError: (error: unknown) => {
        if (isApiError(error, 409)) onClose();
        else applyServerErrors(error, setError, ['comment']);
      },
    };
    if (mode === 'approve') approve.mutate({ requestId, input }, callbacks);
    else reject.mutate({ requestId, input: input as RejectInput }, callbacks);
  });
  return (
    <form onSubmit={submit} noValidate className="w-full space-y-2">
      <Field
        label={
          mode === 'approve' ? `Comment on ${requestNumber} (optional)` : `Why reject ${requestNumber}? (required)`
        }
        error={errors.comment?.message}
      >
        {(props) => <Textarea {...props} rows={2} autoFocus {...register('comment')} />}
      </Field>
      <div className="flex gap-2">
        <Button type="submit" size="sm" variant={mode === 'approve' ? 'primary' : 'danger'} loading={pending}>
          {mode === 'approve' ? 'Confirm approval' : 'Confirm rejection'}
        </Button>
        <Button size="sm" variant="secondary" onClick={onClose} disabled={pending}>
          Back
        </Button>
      </div>
    </form>
  );
}
