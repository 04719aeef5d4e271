import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { Button } from '@/components/ui/button';
import { Alert, errorMessage } from '@/components/ui/states';
import { notify } from '@/stores/ui-store';
import type { Me, PurchaseRequestDetail } from '@/types';

import { useDeletePurchaseRequest } from '../api/delete-purchase-request';
import { usePurchaseRequestAction } from '../api/request-action';

/** Edit, submit, delete and cancel: what the requester may do, in the states that allow it. */
export function RequesterActions({ request, user }: { request: PurchaseRequestDetail; user: Me }) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const submit = usePurchaseRequestAction(request.id, 'submit');
  const cancel = usePurchaseRequestAction(request.id, 'cancel');
  const remove = useDeletePurchaseRequest(request.id);
  const isRequester = request.requester.id === user.id;
  if (!isRequester) return null;
  const isDraft = request.status === 'DRAFT';
  const cancellable = isDraft || request.status === 'PENDING_APPROVAL';
  if (!cancellable) return null;

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
            <Button
              variant="ghost"
              loading={remove.isPending}
              onClick={() => {
                if (window.confirm('Delete this draft?')) {
                  remove.mutate(undefined, {
                    onSuccess: () => {
                      notify('success', 'Draft deleted.');
                      void navigate('/purchase-requests');
                    },
                    onError: (failure) => setError(errorMessage(failure)),
                  });
                }
              }}
            >
              Delete draft
            </Button>
          </>
        )}
        <Button
          variant="danger"
          loading={cancel.isPending}
          onClick={() => {
            if (window.confirm('Cancel this request?')) run(() => cancel.mutateAsync(), 'Request cancelled.');
          }}
        >
          Cancel request
        </Button>
      </div>
    </div>
  );
}
