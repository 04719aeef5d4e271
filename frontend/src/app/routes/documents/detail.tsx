import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';

import { Card, PageHeader } from '@/components/ui/page-header';
import { ProgressBar } from '@/components/ui/progress-bar';
import { PageSkeleton } from '@/components/ui/skeleton';
import { Alert, ErrorState } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { documentQueryOptions, useDocument } from '@/features/documents/api/get-document';
import { isTaskFinished, useTaskProgress } from '@/features/documents/api/get-task';
import { DocumentPreview } from '@/features/documents/components/document-preview';
import { ExtractedFields, type ExtractedData } from '@/features/documents/components/extracted-fields';
import { formatBytes, formatDateTime, humanize } from '@/lib/format';

import { useCurrentUser } from '../use-current-user';

export default function DocumentDetailRoute() {
  const id = Number(useParams().id);
  const user = useCurrentUser();
  const document = useDocument(id);
  const running = document.data?.status === 'PENDING' || document.data?.status === 'PROCESSING';
  // The task's progress may be read by its uploader only; everyone else sees the status change.
  const ownTask = running && document.data?.uploaded_by === user.email;
  const task = useTaskProgress(ownTask ? (document.data?.task_id ?? null) : null);
  const taskFinished = isTaskFinished(task.data);
  const queryClient = useQueryClient();
  useEffect(() => {
    // The task ended: load the document again for its extracted fields.
    if (running && taskFinished) void queryClient.invalidateQueries({ queryKey: documentQueryOptions(id).queryKey });
  }, [running, taskFinished, queryClient, id]);

  if (document.isPending) return <PageSkeleton label="Loading the document" />;
  if (document.isError) return <ErrorState error={document.error} onRetry={() => void document.refetch()} />;
  const data = document.data;
  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3 break-all">
            {data.original_filename} <StatusBadge status={data.status} />
          </span>
        }
        description={
          <>
            {humanize(data.document_type ?? 'other')} · {formatBytes(data.size)} · uploaded{' '}
            {formatDateTime(data.created_at)} by {data.uploaded_by}
            {data.page_count ? ` · ${data.page_count} page${data.page_count === 1 ? '' : 's'}` : ''}
            {data.purchase_request && (
              <>
                {' · '}
                <Link
                  className="text-indigo-700 underline underline-offset-2"
                  to={`/purchase-requests/${data.purchase_request}`}
                >
                  its purchase request
                </Link>
              </>
            )}
            {data.purchase_order && (
              <>
                {' · '}
                <Link
                  className="text-indigo-700 underline underline-offset-2"
                  to={`/purchase-orders/${data.purchase_order}`}
                >
                  its purchase order
                </Link>
              </>
            )}
          </>
        }
      />
      {running && (
        <Card>
          {ownTask ? (
            <ProgressBar value={task.data?.progress ?? 0} label="Reading the document" />
          ) : (
            <p className="text-sm text-slate-700" role="status">
              This document is being read; the page updates by itself.
            </p>
          )}
        </Card>
      )}
      {data.status === 'FAILED' && <Alert>{data.error || 'The document could not be read.'}</Alert>}
      <div className="grid gap-6 lg:grid-cols-2">
        <ExtractedFields data={data.extracted_data as ExtractedData | null} />
        <DocumentPreview documentId={data.id} contentType={data.content_type} filename={data.original_filename} />
      </div>
      {data.extracted_text && (
        <Card title="Text read from the document">
          <pre className="max-h-80 overflow-auto text-xs whitespace-pre-wrap text-slate-700">{data.extracted_text}</pre>
        </Card>
      )}
    </div>
  );
}
