import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { Card, PageHeader } from '@/components/ui/page-header';
import { ProgressBar } from '@/components/ui/progress-bar';
import { PageSkeleton } from '@/components/ui/skeleton';
import { Alert, ErrorState } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { isBeingRead, useDocument } from '@/features/documents/api/get-document';
import { DocumentPreview } from '@/features/documents/components/document-preview';
import { evidenceBoxes, ExtractedFields } from '@/features/documents/components/extracted-fields';
import { PageImages } from '@/features/documents/components/page-images';
import { CreateInvoiceFromDocument } from '@/features/invoices/components/create-invoice-from-document';
import { can } from '@/lib/auth';
import { formatBytes, formatDateTime, humanize } from '@/lib/format';

import { useCurrentUser } from '../use-current-user';

export default function DocumentDetailRoute() {
  const id = Number(useParams().id);
  // The one request this page polls: the document carries its status, progress and fields.
  const document = useDocument(id);
  const user = useCurrentUser();
  const [focused, setFocused] = useState<string | null>(null);

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
        actions={
          data.status === 'COMPLETED' &&
          data.document_type !== 'quote' &&
          can(user, 'invoice.manage') && <CreateInvoiceFromDocument documentId={data.id} />
        }
      />
      {isBeingRead(data) && (
        <Card>
          <ProgressBar value={data.progress} label="Reading the document" />
          <p className="mt-2 text-sm text-slate-700" role="status">
            This document is being read; the page updates by itself.
          </p>
        </Card>
      )}
      {data.status === 'FAILED' && <Alert>{data.error || 'The document could not be read.'}</Alert>}
      <div className="grid gap-6 lg:grid-cols-2">
        <ExtractedFields data={data.extracted_data} focused={focused} onFocusField={setFocused} />
        {data.preview_pages > 0 ? (
          <PageImages
            documentId={data.id}
            pages={data.preview_pages}
            pageSizes={data.extracted_data?.page_sizes ?? []}
            boxes={evidenceBoxes(data.extracted_data)}
            focused={focused}
          />
        ) : (
          <DocumentPreview documentId={data.id} contentType={data.content_type} filename={data.original_filename} />
        )}
      </div>
      {data.extracted_text && (
        <Card title="Text read from the document">
          <pre className="max-h-80 overflow-auto text-xs whitespace-pre-wrap text-slate-700">{data.extracted_text}</pre>
        </Card>
      )}
    </div>
  );
}
