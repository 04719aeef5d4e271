import { http, HttpResponse } from 'msw';

import { apiError, deferred, recordRequests, server, TEST_CSRF_TOKEN } from '@/testing/msw-server';

import { api, ApiError, setSessionExpiredHandler } from './api-client';

const tokenNotValid = () => apiError(401, 'token_not_valid', 'Given token not valid for any token type');

describe('CSRF token on unsafe requests', () => {
  it('reads X-CSRFToken from the csrftoken cookie when it is set, without asking the API', async () => {
    document.cookie = 'csrftoken=from-cookie; path=/';
    const log = recordRequests();
    server.use(http.post('*/api/things/', () => HttpResponse.json({ id: 1 }, { status: 201 })));

    await expect(api('/api/things/', { method: 'POST', json: { name: 'x' } })).resolves.toEqual({ id: 1 });

    expect(log.count('GET', '/api/auth/csrf/')).toBe(0);
    const post = log.requests.find((request) => request.method === 'POST');
    expect(post?.headers.get('X-CSRFToken')).toBe('from-cookie');
    expect(post?.headers.get('Content-Type')).toBe('application/json');
  });

  it('fetches the token from /api/auth/csrf/ when the cookie is absent, once for concurrent requests', async () => {
    const log = recordRequests();
    server.use(
      http.post('*/api/things/', () => HttpResponse.json({}, { status: 201 })),
      http.delete('*/api/things/1/', () => new HttpResponse(null, { status: 204 })),
    );

    await Promise.all([api('/api/things/', { method: 'POST', json: {} }), api('/api/things/1/', { method: 'DELETE' })]);

    expect(log.count('GET', '/api/auth/csrf/')).toBe(1);
    const unsafe = log.requests.filter((request) => request.method !== 'GET');
    expect(unsafe).toHaveLength(2);
    for (const request of unsafe) expect(request.headers.get('X-CSRFToken')).toBe(TEST_CSRF_TOKEN);
  });

  it('sends no CSRF token (and fetches none) on a GET', async () => {
    const log = recordRequests();
    server.use(http.get('*/api/things/', () => HttpResponse.json([])));

    await api('/api/things/', { params: { search: 'a b', empty: '', page: 2 } });

    expect(log.count('GET', '/api/auth/csrf/')).toBe(0);
    expect(log.requests[0]?.headers.has('X-CSRFToken')).toBe(false);
  });
});

describe('silent refresh on 401', () => {
  it('refreshes once and retries once after a token_not_valid', async () => {
    const log = recordRequests();
    let refreshed = false;
    server.use(
      http.get('*/api/auth/me/', () => (refreshed ? HttpResponse.json({ id: 7 }) : tokenNotValid())),
      http.post('*/api/auth/refresh/', () => {
        refreshed = true;
        return HttpResponse.json({});
      }),
    );

    await expect(api('/api/auth/me/')).resolves.toEqual({ id: 7 });

    expect(log.count('POST', '/api/auth/refresh/')).toBe(1);
    expect(log.count('GET', '/api/auth/me/')).toBe(2);
    const refresh = log.requests.find((request) => request.path === '/api/auth/refresh/');
    expect(refresh?.headers.get('X-CSRFToken')).toBe(TEST_CSRF_TOKEN);
  });

  it('retries an unsafe request with its body after the refresh', async () => {
    let refreshed = false;
    const bodies: unknown[] = [];
    server.use(
      http.post('*/api/things/', async ({ request }) => {
        bodies.push(await request.json());
        return refreshed ? HttpResponse.json({ ok: true }, { status: 201 }) : tokenNotValid();
      }),
      http.post('*/api/auth/refresh/', () => {
        refreshed = true;
        return HttpResponse.json({});
      }),
    );

    await expect(api('/api/things/', { method: 'POST', json: { name: 'pens' } })).resolves.toEqual({ ok: true });
    expect(bodies).toEqual([{ name: 'pens' }, { name: 'pens' }]);
  });

  it('shares one refresh between concurrent 401s', async () => {
    const log = recordRequests();
    let refreshed = false;
    let unauthorized = 0;
    const bothRejected = deferred();
    const protectedEndpoint = (body: object) => () => {
      if (refreshed) return HttpResponse.json(body);
      unauthorized += 1;
      if (unauthorized === 2) bothRejected.resolve();
      return tokenNotValid();
    };
    server.use(
      http.get('*/api/a/', protectedEndpoint({ a: 1 })),
      http.get('*/api/b/', protectedEndpoint({ b: 2 })),
      http.post('*/api/auth/refresh/', async () => {
        // Hold the rotation until both requests have had their 401, as in a real race.
        await bothRejected.promise;
        refreshed = true;
        return HttpResponse.json({});
      }),
    );

    await expect(Promise.all([api('/api/a/'), api('/api/b/')])).resolves.toEqual([{ a: 1 }, { b: 2 }]);

    expect(log.count('POST', '/api/auth/refresh/')).toBe(1);
    expect(log.count('GET', '/api/a/')).toBe(2);
    expect(log.count('GET', '/api/b/')).toBe(2);
  });

  it('ends the session when the refresh fails: the handler is called and the 401 thrown, without a retry', async () => {
    const log = recordRequests();
    const sessionExpired = vi.fn();
    setSessionExpiredHandler(sessionExpired);
    server.use(
      http.get('*/api/auth/me/', tokenNotValid),
      http.post('*/api/auth/refresh/', () => apiError(401, 'token_not_valid', 'Token is blacklisted')),
    );

    const error = await api('/api/auth/me/').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 401,
      code: 'token_not_valid',
      message: 'Given token not valid for any token type',
    });
    expect(sessionExpired).toHaveBeenCalledTimes(1);
    expect(log.count('POST', '/api/auth/refresh/')).toBe(1);
    expect(log.count('GET', '/api/auth/me/')).toBe(1);
  });

  it('ends the session when the refresh cannot reach the server', async () => {
    const sessionExpired = vi.fn();
    setSessionExpiredHandler(sessionExpired);
    server.use(
      http.get('*/api/auth/me/', tokenNotValid),
      http.post('*/api/auth/refresh/', () => HttpResponse.error()),
    );

    await expect(api('/api/auth/me/')).rejects.toMatchObject({ status: 401 });
    expect(sessionExpired).toHaveBeenCalledTimes(1);
  });

  it('does not refresh after a 401 invalid_credentials on the login', async () => {
    const log = recordRequests();
    const sessionExpired = vi.fn();
    setSessionExpiredHandler(sessionExpired);
    server.use(
      http.post('*/api/auth/login/', () =>
        apiError(401, 'invalid_credentials', 'No active account found with the given credentials'),
      ),
      http.post('*/api/auth/refresh/', () => HttpResponse.json({})),
    );

    await expect(
      api('/api/auth/login/', { method: 'POST', json: { email: 'a@b.c', password: 'x' } }),
    ).rejects.toMatchObject({
      status: 401,
      code: 'invalid_credentials',
    });
    expect(log.count('POST', '/api/auth/refresh/')).toBe(0);
    expect(log.count('POST', '/api/auth/login/')).toBe(1);
    expect(sessionExpired).not.toHaveBeenCalled();
  });

  it('does not refresh after a 401 whose code a new token cannot cure', async () => {
    const log = recordRequests();
    server.use(
      http.get('*/api/things/', () => apiError(401, 'invalid_credentials', 'Nope')),
      http.post('*/api/auth/refresh/', () => HttpResponse.json({})),
    );

    await expect(api('/api/things/')).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(log.count('POST', '/api/auth/refresh/')).toBe(0);
  });

  it('does not refresh after a 403', async () => {
    const log = recordRequests();
    server.use(
      http.get('*/api/things/', () =>
        apiError(403, 'permission_denied', 'You do not have permission to perform this action.'),
      ),
      http.post('*/api/auth/refresh/', () => HttpResponse.json({})),
    );

    await expect(api('/api/things/')).rejects.toMatchObject({ status: 403, code: 'permission_denied' });
    expect(log.count('POST', '/api/auth/refresh/')).toBe(0);
  });
});

describe('error answers', () => {
  it('keeps the envelope of a JSON error', async () => {
    server.use(
      http.post('*/api/things/', () =>
        apiError(400, 'validation_error', 'Invalid input.', { title: ['This field is required.'] }),
      ),
    );

    await expect(api('/api/things/', { method: 'POST', json: {} })).rejects.toMatchObject({
      name: 'ApiError',
      status: 400,
      code: 'validation_error',
      message: 'Invalid input.',
      fields: { title: ['This field is required.'] },
    });
  });

  it('turns a non-JSON error page into an ApiError carrying the status', async () => {
    server.use(
      http.get(
        '*/api/things/',
        () =>
          new HttpResponse('<html><body>Bad Gateway</body></html>', {
            status: 502,
            statusText: 'Bad Gateway',
            headers: { 'Content-Type': 'text/html' },
          }),
      ),
    );

    const error = await api('/api/things/').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, code: 'http_502', fields: undefined });
    expect((error as ApiError).message).toContain('502');
  });

  it('answers undefined for a 204', async () => {
    server.use(http.delete('*/api/things/1/', () => new HttpResponse(null, { status: 204 })));
    await expect(api('/api/things/1/', { method: 'DELETE' })).resolves.toBeUndefined();
  });
});
