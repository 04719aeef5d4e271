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

export function useAddComment(basePath: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { body: string; documents?: number[] }) =>
      api<CommentOutput>(`${basePath}/comments/`, { method: 'POST', json: body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: commentKeys.thread(basePath) });
      void queryClient.invalidateQueries({ queryKey: rootKeys.notifications });
    },
  });
}
