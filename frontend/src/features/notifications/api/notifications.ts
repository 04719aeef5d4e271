import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import type { NotificationOutput, NotificationPage } from '@/types';

/** The dashboard's rhythm: every 15 s while the tab is visible, paused when hidden. */
export const NOTIFICATIONS_POLL_MS = 15_000;

const notificationKeys = {
  unread: [...rootKeys.notifications, 'unread'] as const,
  recent: [...rootKeys.notifications, 'recent'] as const,
};

/** How many are unread (the bell's badge): one row is enough, `count` says how many. */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: ({ signal }) =>
      api<NotificationPage>('/api/notifications/', { params: { unread: true, page_size: 1 }, signal }),
    refetchInterval: NOTIFICATIONS_POLL_MS,
    refetchIntervalInBackground: false,
    select: (page) => page.count,
  });
}

export function useRecentNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.recent,
    queryFn: ({ signal }) => api<NotificationPage>('/api/notifications/', { params: { page_size: 10 }, signal }),
    enabled,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number | 'all'): Promise<void> => {
      if (id === 'all') await api<{ marked: number }>('/api/notifications/read-all/', { method: 'POST' });
      else await api<NotificationOutput>(`/api/notifications/${id}/read/`, { method: 'POST' });
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: rootKeys.notifications }),
  });
}
