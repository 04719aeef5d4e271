import { useQuery } from '@tanstack/react-query';
import { render, waitFor } from '@testing-library/react';
import { http } from 'msw';

import { api } from '@/lib/api-client';
import { useAuthStore } from '@/stores/auth-store';
import { apiError, server } from '@/testing/msw-server';
import { createTestQueryClient } from '@/testing/render';

import { AppProvider } from './provider';

function Orders() {
  const query = useQuery({ queryKey: ['orders'], queryFn: () => api<string[]>('/api/purchase-orders/') });
  return <p>{query.isError ? 'failed' : 'loading'}</p>;
}

describe('AppProvider session expiry', () => {
  it('forgets the cached data and shows the login with a notice when the refresh fails', async () => {
    server.use(
      http.get('*/api/purchase-orders/', () => apiError(401, 'token_not_valid', 'Token expired')),
      http.post('*/api/auth/refresh/', () => apiError(401, 'token_not_valid', 'Refresh token expired')),
    );
    useAuthStore.getState().signedIn();
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(['secret'], 'previous user data');

    render(
      <AppProvider queryClient={queryClient}>
        <Orders />
      </AppProvider>,
    );

    await waitFor(() => expect(useAuthStore.getState().status).toBe('anonymous'));
    expect(useAuthStore.getState().notice).toBe('Your session has ended. Please sign in again.');
    expect(queryClient.getQueryData(['secret'])).toBeUndefined();
  });

  it('gives no notice when nobody was signed in', async () => {
    server.use(
      http.get('*/api/purchase-orders/', () =>
        apiError(401, 'not_authenticated', 'Authentication credentials were not provided.'),
      ),
      http.post('*/api/auth/refresh/', () => apiError(401, 'token_not_valid', 'No refresh token')),
    );
    render(
      <AppProvider queryClient={createTestQueryClient()}>
        <Orders />
      </AppProvider>,
    );

    await waitFor(() => expect(useAuthStore.getState().status).toBe('anonymous'));
    expect(useAuthStore.getState().notice).toBeNull();
  });
});
