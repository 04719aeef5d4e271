import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';

import { Button } from '@/components/ui/button';
import { Field, Textarea } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { Alert, errorMessage } from '@/components/ui/states';
import { fieldError } from '@/lib/form-errors';
import { formatMoney } from '@/lib/format';
import { notify } from '@/stores/ui-store';

import { useApprovalLink, useDecideByLink } from '../api/approval-link';

/** The page an e-mailed approve/reject link opens: it shows the request and asks to confirm. */
export function ApprovalLinkConfirm({ token }: { token: string }) {
  const link = useApprovalLink(token);
  const decide = useDecideByLink();
  const navigate = useNavigate();
  const [comment, setComment] = useState('');

  if (!token) return <Alert>This page needs the link from your e-mail.</Alert>;
  if (link.isPending) return <p className="text-sm text-slate-600">Checking the link…</p>;
  if (link.isError)
    return (
      <div className="space-y-3">
        <Alert>{errorMessage(link.error)}</Alert>
        <Link to="/approvals" className="text-sm text-indigo-700 underline">
          Open your approvals inbox
        </Link>
      </div>
    );
  const { action, purchase_request: request } = link.data;
  const approving = action === 'approve';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    decide.mutate(
      { token, comment },
      {
        onSuccess: (decided) => {
          notify('success', `${decided.number} ${approving ? 'approved' : 'rejected'}.`);
          void navigate(`/purchase-requests/${decided.id}`);
        },
      },
    );
  };
  const commentError = fieldError(decide.error, 'comment');

  return (
    <Card title={approving ? `Approve ${request.number}?` : `Reject ${request.number}?`}>
      <form onSubmit={submit} className="space-y-4">
        <p className="text-sm text-slate-700">
          <Link to={`/purchase-requests/${request.id}`} className="font-medium text-indigo-700 underline">
            {request.number} {request.title}
          </Link>{' '}
          by {request.requester.full_name || request.requester.email}, {formatMoney(request.total, request.currency)}.
        </p>
        <Field
          label={approving ? 'Comment (optional)' : 'Why you reject it (the requester reads this)'}
          error={commentError}
        >
          {(props) => (
            <Textarea
              {...props}
              rows={3}
              required={!approving}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          )}
        </Field>
        {decide.isError && !commentError && <Alert>{errorMessage(decide.error)}</Alert>}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant={approving ? 'primary' : 'danger'} loading={decide.isPending}>
            {approving ? 'Confirm approval' : 'Confirm rejection'}
          </Button>
          <Link
            to={`/purchase-requests/${request.id}`}
            className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
          >
            Look at it first
          </Link>
        </div>
      </form>
    </Card>
  );
}
