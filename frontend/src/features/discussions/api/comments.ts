import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { CommentOutput, CommentPage } from '@/types';

/** `basePath`: the object's API path, e.g. /api/purchase-requests/12 (its discussion is under comments/). */
const commentKeys = { thread: (basePath: string) => [...rootKeys.discussions, basePath] as const };

export function useComments(basePath: string) {
  return useQuery({
    queryKey: commentKeys.thread(basePath),
    queryFn: ({ signal }) => api<CommentPage>(`${basePath}/comments/`, { params: { page_size: 100 }, signal }),
  });
}

/** Where an attachment is linked as it is uploaded (the documents upload's own fields). */
export type AttachmentLink = { purchase_request?: number; purchase_order?: number };

/** Uploads `file` through the documents upload (typed "other"), answering its document id. */
async function uploadAttachment(file: File, link: AttachmentLink): Promise<number> {
  const form = new FormData();
  form.append('file', file);
  form.append('document_type', 'other');
  for (const [name, value] of Object.entries(link)) form.append(name, String(value));
  const uploaded = await api<{ document_id: number }>('/api/documents/upload/', { method: 'POST', formData: form });
  return uploaded.document_id;
}

export function useAddComment(basePath: string, link: AttachmentLink = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, file }: { body: string; file?: File | null }) => {
      const documents = file ? [await uploadAttachment(file, link)] : [];
      return api<CommentOutput>(`${basePath}/comments/`, { method: 'POST', json: { body, documents } });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: commentKeys.thread(basePath) });
      void queryClient.invalidateQueries({ queryKey: rootKeys.notifications });
      void queryClient.invalidateQueries({ queryKey: rootKeys.documents });
    },
  });
}
