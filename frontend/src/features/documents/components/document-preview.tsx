import { Card } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { ErrorState } from '@/components/ui/states';

import { useObjectUrl } from './use-object-url';
import { useDocumentFile } from '../api/download-document';

/** The uploaded file itself, fetched through the session and shown from a blob: URL. */
export function DocumentPreview({
  documentId,
  contentType,
  filename,
}: {
  documentId: number;
  contentType: string;
  filename: string;
}) {
  const file = useDocumentFile(documentId);
  const url = useObjectUrl(file.data?.blob, contentType);

  return (
    <Card
      title="Preview"
      actions={
        url && (
          <a href={url} download={filename} className="text-sm text-indigo-700 hover:underline">
            Download
          </a>
        )
      }
    >
      {file.isPending || (!url && !file.isError) ? (
        <Skeleton className="h-96 w-full" />
      ) : file.isError ? (
        <ErrorState error={file.error} onRetry={() => void file.refetch()} />
      ) : contentType === 'application/pdf' ? (
        <iframe
          src={url ?? undefined}
          title={`Preview of ${filename}`}
          className="h-[32rem] w-full rounded border border-slate-200"
        />
      ) : contentType.startsWith('image/') && contentType !== 'image/tiff' ? (
        <img
          src={url ?? undefined}
          alt={`Preview of ${filename}`}
          className="max-h-[32rem] w-full rounded border border-slate-200 object-contain"
        />
      ) : (
        <p className="text-sm text-slate-500">This file type has no preview in the browser; download it to view.</p>
      )}
    </Card>
  );
}
