import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

import { setSessionExpiredHandler } from '@/lib/api-client';
import { createQueryClient } from '@/lib/query-client';
import { useAuthStore } from '@/stores/auth-store';

/** When a refresh fails: forget everything cached and show the login again. */
export function installSessionExpiry(queryClient: QueryClient): void {
  setSessionExpiredHandler(() => {
    const wasSignedIn = useAuthStore.getState().status === 'authenticated';
    queryClient.clear();
    useAuthStore.getState().signedOut(wasSignedIn ? 'Your session has ended. Please sign in again.' : null);
  });
}

export function AppProvider({ children, queryClient: given }: { children: ReactNode; queryClient?: QueryClient }) {
  const [queryClient] = useState(() => {
    const client = given ?? createQueryClient();
    installSessionExpiry(client);
    return client;
  });
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
