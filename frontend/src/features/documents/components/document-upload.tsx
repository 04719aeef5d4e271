import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';

import { Button } from '@/components/ui/button';
import { Field, Select } from '@/components/ui/field';
import { ProgressBar } from '@/components/ui/progress-bar';
import { Alert, errorMessage } from '@/components/ui/states';
import { isApiError } from '@/lib/api-client';
import { cn } from '@/lib/cn';
import { formatBytes } from '@/lib/format';
import type { DocumentType } from '@/types';

import { isBeingRead, useDocument } from '../api/get-document';
import { documentKeys } from '../api/keys';
import {
  ACCEPT_ATTRIBUTE,
  UNSUPPORTED_TYPE,
  DOCUMENT_TYPES,
  MAX_UPLOAD_BYTES,
  uploadInputSchema,
  useUploadDocument,
} from '../api/upload-document';

type DocumentUploadProps = {
  purchaseRequestId?: number;
  purchaseOrderId?: number;
  /** Called once the document has been read (COMPLETED). */
  onProcessed?: (documentId: number) => void;
};

function uploadErrorText(error: unknown): string {
  if (isApiError(error, 413)) return `The file is too large: the limit is ${formatBytes(MAX_UPLOAD_BYTES)}.`;
  if (isApiError(error, 415)) return `${UNSUPPORTED_TYPE}.`;
  return errorMessage(error);
}

/** Drag and drop or pick a file, upload it, then follow the document until it has been read. */
export function DocumentUpload({ purchaseRequestId, purchaseOrderId, onProcessed }: DocumentUploadProps) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const [documentType, setDocumentType] = useState<DocumentType>('invoice');
  const [dragging, setDragging] = useState(false);
  const [clientError, setClientError] = useState<string | null>(null);
  const [upload, setUpload] = useState<{ documentId: number; filename: string } | null>(null);
  const uploadMutation = useUploadDocument();
  // The document itself is polled (every 2 s while PENDING/PROCESSING): it carries the progress.
  const document = useDocument(upload?.documentId ?? null);
  const finished = document.data !== undefined && !isBeingRead(document.data);
  const succeeded = document.data?.status === 'COMPLETED';
  const failed = document.data?.status === 'FAILED';

  const onProcessedRef = useRef(onProcessed);
  useEffect(() => {
    onProcessedRef.current = onProcessed;
  });
  useEffect(() => {
    if (!upload || !finished) return;
    void queryClient.invalidateQueries({ queryKey: documentKeys.lists() });
    if (succeeded) onProcessedRef.current?.(upload.documentId);
  }, [upload, finished, succeeded, queryClient]);

  const start = (file: File | undefined) => {
    setClientError(null);
    const parsed = uploadInputSchema.safeParse({
      file,
      document_type: documentType,
      purchase_request: purchaseRequestId,
      purchase_order: purchaseOrderId,
    });
    if (!parsed.success) {
      setClientError(parsed.error.issues[0]?.message ?? 'This file cannot be uploaded.');
      return;
    }
    uploadMutation.mutate(parsed.data, {
      onSuccess: (result) => setUpload({ documentId: result.document_id, filename: parsed.data.file.name }),
    });
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    start(event.dataTransfer.files[0]);
  };

  const reset = () => {
    setUpload(null);
    setClientError(null);
    uploadMutation.reset();
    if (inputRef.current) inputRef.current.value = '';
  };

  if (upload) {
    const progress = succeeded ? 100 : (document.data?.progress ?? 0);
    return (
      <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-live="polite">
        <p className="text-sm text-slate-700">
          <span className="font-medium">{upload.filename}</span> —{' '}
          {succeeded ? 'read' : failed ? 'could not be read' : 'being read…'}
        </p>
        <ProgressBar
          value={progress}
          label="Reading the document"
          tone={failed ? 'red' : succeeded ? 'emerald' : 'indigo'}
        />
        {document.isError && <Alert>{errorMessage(document.error)}</Alert>}
        {failed && <Alert>{document.data?.error || 'The document could not be read.'}</Alert>}
        {(finished || document.isError) && (
          <Button variant="secondary" size="sm" onClick={reset}>
            Upload another
          </Button>
        )}
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <Field label="Document type" className="max-w-xs">
        {(props) => (
          <Select
            {...props}
            value={documentType}
            onChange={(event) => setDocumentType(event.target.value as DocumentType)}
          >
            {DOCUMENT_TYPES.map((type) => (
              <option key={type.value} value={type.value}>
                {type.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          'flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed p-8 text-center transition-colors',
          dragging ? 'border-indigo-500 bg-indigo-50' : 'border-slate-300 bg-white',
        )}
      >
        <p className="text-sm text-slate-700">Drag a PDF or an image here, or</p>
        {/* The input comes first so that its keyboard focus can ring the label that looks like a button. */}
        <input
          id={inputId}
          ref={inputRef}
          type="file"
          accept={ACCEPT_ATTRIBUTE}
          className="peer sr-only"
          data-testid="document-file-input"
          onChange={(event) => start(event.target.files?.[0])}
        />
        <label
          htmlFor={inputId}
          className="cursor-pointer rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white peer-focus-visible:ring-2 peer-focus-visible:ring-indigo-500 peer-focus-visible:ring-offset-2 hover:bg-indigo-700"
        >
          Choose a file
        </label>
        <p className="text-xs text-slate-500">
          PDF, PNG, JPEG, TIFF, WebP or an XML e-invoice (Factur-X, XRechnung, UBL), up to{' '}
          {formatBytes(MAX_UPLOAD_BYTES)}
        </p>
        {uploadMutation.isPending && <p className="text-sm text-slate-700">Uploading…</p>}
      </div>
      {(clientError || uploadMutation.isError) && <Alert>{clientError ?? uploadErrorText(uploadMutation.error)}</Alert>}
    </div>
  );
}
