import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { useAuthStore } from '@/stores/auth-store';
import { apiError, recordRequests, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';

import { LoginForm } from './login-form';

const me = { id: 3, email: 'ana@example.com', full_name: 'Ana', role: 'requester', permissions: [] };

function renderLogin() {
  const onSuccess = vi.fn();
  const view = renderWithProviders(<LoginForm onSuccess={onSuccess} />, { url: '/login' });
  return { ...view, onSuccess };
}

describe('LoginForm', () => {
  it('shows the validation messages for an empty form without sending anything', async () => {
    const log = recordRequests();
    const { user, onSuccess } = renderLogin();

    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('Enter your email address')).toBeInTheDocument();
    expect(screen.getByText('Enter your password')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(log.requests).toHaveLength(0);
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it('rejects an invalid email address without sending anything', async () => {
    const log = recordRequests();
    const { user } = renderLogin();

    await user.type(screen.getByLabelText('Email'), 'not-an-email');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('Enter a valid email address')).toBeInTheDocument();
    expect(screen.queryByText('Enter your password')).not.toBeInTheDocument();
    expect(log.requests).toHaveLength(0);
  });

  it('says the credentials are wrong on a 401', async () => {
    const log = recordRequests();
    server.use(
      http.post('*/api/auth/login/', () =>
        apiError(401, 'invalid_credentials', 'No active account found with the given credentials'),
      ),
    );
    const { user, onSuccess } = renderLogin();

    await user.type(screen.getByLabelText('Email'), 'ana@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is not correct.');
    expect(onSuccess).not.toHaveBeenCalled();
    // A wrong password is not an expired session: no refresh is attempted.
    expect(log.count('POST', '/api/auth/refresh/')).toBe(0);
  });

  it('shows the throttle message on a 429', async () => {
    server.use(
      http.post('*/api/auth/login/', () =>
        apiError(429, 'throttled', 'Request was throttled. Expected available in 60 seconds.'),
      ),
    );
    const { user, onSuccess } = renderLogin();

    await user.type(screen.getByLabelText('Email'), 'ana@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many failed sign-ins. Wait a few minutes and try again.',
    );
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it('shows the server detail for another error', async () => {
    server.use(http.post('*/api/auth/login/', () => apiError(503, 'service_unavailable', 'Down for maintenance.')));
    const { user } = renderLogin();

    await user.type(screen.getByLabelText('Email'), 'ana@example.com');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Down for maintenance.');
  });

  it('signs in with the trimmed email, stores the user and calls onSuccess', async () => {
    let sent: unknown;
    server.use(
      http.post('*/api/auth/login/', async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(me);
      }),
    );
    const { user, onSuccess, queryClient } = renderLogin();

    await user.type(screen.getByLabelText('Email'), '  ana@example.com ');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(1));
    expect(sent).toEqual({ email: 'ana@example.com', password: 'correct horse' });
    expect(queryClient.getQueryData(['auth', 'me'])).toEqual(me);
    expect(useAuthStore.getState().status).toBe('authenticated');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
