import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';

import { api } from '@/lib/api-client';
import { formatBytes } from '@/lib/format';
import type { DocumentType, UploadOutput } from '@/types';

import { documentKeys } from './keys';

/** The server's default limit (DOCUMENT_MAX_UPLOAD_BYTES); it answers 413 above its own. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** What the server accepts (it sniffs the content; the browser's type is a first check). */
export const ACCEPTED_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/tiff',
  'image/webp',
  'application/xml',
  'text/xml',
] as const;
export const ACCEPT_ATTRIBUTE =
  '.pdf,.png,.jpg,.jpeg,.tif,.tiff,.webp,.xml,application/pdf,image/png,image/jpeg,image/tiff,image/webp,application/xml,text/xml';
const ACCEPTED_EXTENSIONS = /\.(pdf|png|jpe?g|tiff?|webp|xml)$/i;

export const UNSUPPORTED_TYPE =
  'Unsupported file type: upload a PDF, an image (PNG, JPEG, TIFF, WebP) or an XML e-invoice';

export const DOCUMENT_TYPES: ReadonlyArray<{ value: DocumentType; label: string }> = [
  { value: 'invoice', label: 'Invoice' },
  { value: 'quote', label: 'Quote / proforma' },
  { value: 'receipt', label: 'Receipt' },
  { value: 'other', label: 'Other' },
];

export const uploadInputSchema = z.object({
  file: z
    .instanceof(File, { message: 'Choose a file' })
    .refine((file) => file.size > 0, 'The file is empty')
    .refine(
      (file) => file.size <= MAX_UPLOAD_BYTES,
      `The file is too large: the limit is ${formatBytes(MAX_UPLOAD_BYTES)}`,
    )
    .refine(
      (file) =>
        (ACCEPTED_TYPES as readonly string[]).includes(file.type) ||
        (!file.type && ACCEPTED_EXTENSIONS.test(file.name)),
      UNSUPPORTED_TYPE,
    ),
  document_type: z.enum(['invoice', 'quote', 'receipt', 'other']),
  purchase_request: z.number().int().positive().optional(),
  purchase_order: z.number().int().positive().optional(),
});
export type UploadInput = z.infer<typeof uploadInputSchema>;

export function uploadDocument(input: UploadInput) {
  const formData = new FormData();
  formData.append('file', input.file);
  formData.append('document_type', input.document_type);
  if (input.purchase_request) formData.append('purchase_request', String(input.purchase_request));
  if (input.purchase_order) formData.append('purchase_order', String(input.purchase_order));
  return api<UploadOutput>('/api/documents/upload/', { method: 'POST', formData });
}

export function useUploadDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadDocument,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: documentKeys.lists() }),
  });
}
