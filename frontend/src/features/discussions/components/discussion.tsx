import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { Field, Input, Textarea } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { Alert, errorMessage } from '@/components/ui/states';
import { isApiError } from '@/lib/api-client';
import { fieldError } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/format';

import { useAddComment, useComments, type AttachmentLink } from '../api/comments';

const MENTION = /(@[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

/** A comment's text with its @mentions set off. */
function CommentBody({ body }: { body: string }) {
  return (
    <p className="whitespace-pre-wrap text-sm text-slate-800">
      {body.split(MENTION).map((part, index) =>
        index % 2 === 1 ? (
          <strong key={index} className="font-medium text-indigo-700">
            {part}
          </strong>
        ) : (
          part
        ),
      )}
    </p>
  );
}

/**
 * The discussion of one object, oldest first, and a box to add to it. Comments are
 * append-only; mentioning someone (@their@address) notifies them, and the followers hear of it.
 */
export function Discussion({
  basePath,
  what,
  attachTo,
}: {
  basePath: string;
  what: string;
  /** Where an attached file is linked in the documents (the request or order). */
  attachTo?: AttachmentLink;
}) {
  const comments = useComments(basePath);
  const add = useAddComment(basePath, attachTo);
  const [body, setBody] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [error, setError] = useState<unknown>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    add.mutate(
      { body, file },
      {
        onSuccess: () => {
          setBody('');
          setFile(null);
          setFileKey((key) => key + 1);
        },
        onError: setError,
      },
    );
  };
  const bodyError = fieldError(error, 'body');

  return (
    <Card title="Discussion">
      <div className="space-y-4">
        {comments.isError && <Alert>{errorMessage(comments.error)}</Alert>}
        {comments.data && comments.data.results.length === 0 && (
          <p className="text-sm text-slate-500">No comments yet. Ask a question or add a note about this {what}.</p>
        )}
        {comments.data && comments.data.results.length > 0 && (
          <ol className="space-y-3">
            {comments.data.results.map((comment) => (
              <li key={comment.id} className="rounded-md border border-slate-200 px-3 py-2">
                <p className="text-xs text-slate-600">
                  <span className="font-medium text-slate-800">{comment.author.full_name || comment.author.email}</span>{' '}
                  · {formatDateTime(comment.created_at)}
                </p>
                <CommentBody body={comment.body} />
                {comment.documents.length > 0 && (
                  <p className="mt-1 text-xs text-slate-600">
                    Attached: {comment.documents.map((document) => document.original_filename).join(', ')}
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
        <form onSubmit={submit} className="space-y-2">
          <Field
            label="Add a comment"
            error={bodyError}
            hint="Mention someone with @ and their e-mail address (e.g. @alex@example.com); they are notified."
          >
            {(props) => (
              <Textarea {...props} rows={3} maxLength={5000} value={body} onChange={(e) => setBody(e.target.value)} />
            )}
          </Field>
          <Field label="Attach a file (optional)" hint="A quote, a photo, a delivery note: PDF or image.">
            {(props) => (
              <Input
                {...props}
                key={fileKey}
                type="file"
                accept="application/pdf,image/png,image/jpeg,image/tiff,image/webp"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
            )}
          </Field>
          {error !== null && !bodyError && <Alert>{isApiError(error) ? error.message : errorMessage(error)}</Alert>}
          <Button type="submit" loading={add.isPending} disabled={!body.trim()}>
            Post comment
          </Button>
        </form>
      </div>
    </Card>
  );
}
