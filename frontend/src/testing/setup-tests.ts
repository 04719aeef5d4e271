import '@testing-library/jest-dom/vitest';

import { setSessionExpiredHandler } from '@/lib/api-client';
import { useAuthStore } from '@/stores/auth-store';
import { useUiStore } from '@/stores/ui-store';

import { server } from './msw-server';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));

afterEach(() => {
  server.resetHandlers();
  server.events.removeAllListeners();
  // Module state that would otherwise leak from one test into the next.
  setSessionExpiredHandler(() => {});
  useAuthStore.setState({ status: 'unknown', notice: null });
  useUiStore.setState({ toasts: [], sidebarOpen: false });
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
});

afterAll(() => server.close());
