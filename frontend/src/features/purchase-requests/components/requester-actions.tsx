import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Alert, errorMessage } from '@/components/ui/states';
import { notify } from '@/stores/ui-store';
import type { Me, PurchaseRequestDetail } from '@/types';

import { useDeletePurchaseRequest } from '../api/delete-purchase-request';
import { useDuplicatePurchaseRequest, usePurchaseRequestAction } from '../api/request-action';

type Pending = 'delete' | 'cancel' | null;

/**
 * What the caller may do with the request, in the states that allow it: the requester edits,
 * submits and deletes a draft, cancels a waiting request, revises a rejected one; anyone who
 * sees it may copy it into a new draft of their own.
 */
export function RequesterActions({ request, user }: { request: PurchaseRequestDetail; user: Me }) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Pending>(null);
  const submit = usePurchaseRequestAction(request.id, 'submit');
  const cancel = usePurchaseRequestAction(request.id, 'cancel');
  const revise = usePurchaseRequestAction(request.id, 'revise');
  const duplicate = useDuplicatePurchaseRequest(request.id);
  const remove = useDeletePurchaseRequest(request.id);
  const isRequester = request.requester.id === user.id;
  const isDraft = isRequester && request.status === 'DRAFT';
  const cancellable = isRequester && request.status === 'PENDING_APPROVAL';
  const revisable = isRequester && request.status === 'REJECTED';

  const run = (action: () => Promise<unknown>, done: string) => {
    setError(null);
    action().then(
      () => notify('success', done),
      (failure: unknown) => setError(errorMessage(failure)),
    );
  };

  return (
    <div className="space-y-2">
      {error && <Alert>{error}</Alert>}
      <div className="flex flex-wrap gap-2">
        {isDraft && (
          <>
            <Button
              loading={submit.isPending}
              onClick={() => run(() => submit.mutateAsync(), 'Request submitted for approval.')}
            >
              Submit for approval
            </Button>
            <Link
              to={`/purchase-requests/${request.id}/edit`}
              className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
            >
              Edit
            </Link>
          </>
        )}
        {revisable && (
          <Button
            loading={revise.isPending}
            onClick={() =>
              run(async () => {
                await revise.mutateAsync();
                void navigate(`/purchase-requests/${request.id}/edit`);
              }, 'Back to a draft: change what was asked and submit it again.')
            }
          >
            Revise and resubmit
          </Button>
        )}
        <Button
          variant="secondary"
          loading={duplicate.isPending}
          onClick={() =>
            run(async () => {
              const copy = await duplicate.mutateAsync();
              void navigate(`/purchase-requests/${copy.id}/edit`);
            }, 'Copied into a new draft.')
          }
        >
          Duplicate
        </Button>
        {isDraft && (
          <Button variant="danger" onClick={() => setConfirming('delete')}>
            Delete draft
          </Button>
        )}
        {cancellable && (
          <Button variant="danger" onClick={() => setConfirming('cancel')}>
            Cancel request
          </Button>
        )}
      </div>
      <ConfirmDialog
        open={confirming === 'delete'}
        title={`Delete the draft ${request.number}?`}
        confirmLabel="Delete draft"
        destructive
        busy={remove.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              setConfirming(null);
              notify('success', 'Draft deleted.');
              void navigate('/purchase-requests');
            },
            onError: (failure) => {
              setConfirming(null);
              setError(errorMessage(failure));
            },
          })
        }
      >
        The draft and its lines are removed for good. This cannot be undone.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === 'cancel'}
        title={`Cancel ${request.number}?`}
        confirmLabel="Cancel request"
        destructive
        busy={cancel.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          setConfirming(null);
          run(() => cancel.mutateAsync(), 'Request cancelled.');
        }}
      >
        The approvers are no longer asked. A cancelled request cannot be submitted again, but it can be duplicated.
      </ConfirmDialog>
    </div>
  );
}
