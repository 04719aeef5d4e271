import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/** The token the default /api/auth/csrf/ handler hands out when no csrftoken cookie is set. */
export const TEST_CSRF_TOKEN = 'test-csrf-token';

/**
 * Handlers every test may rely on. Anything else a test needs it declares with `server.use`;
 * an unhandled request fails the test (setup-tests.ts).
 */
export const defaultHandlers = [http.get('*/api/auth/csrf/', () => HttpResponse.json({ csrftoken: TEST_CSRF_TOKEN }))];

export const server = setupServer(...defaultHandlers);

/** The API's error envelope (API.md). */
export function apiError(status: number, code: string, detail: string, fields?: Record<string, unknown>) {
  return HttpResponse.json({ code, detail, ...(fields ? { fields } : {}) }, { status });
}

/** Records every request MSW sees (method, path, headers) for assertions on what was sent. */
export function recordRequests() {
  const requests: Array<{ method: string; path: string; headers: Headers }> = [];
  server.events.on('request:start', ({ request }) => {
    requests.push({ method: request.method, path: new URL(request.url).pathname, headers: request.headers });
  });
  return {
    requests,
    count: (method: string, path: string) =>
      requests.filter((request) => request.method === method && request.path === path).length,
  };
}

/** A promise with its resolve exposed, to hold an MSW answer until the test lets it go. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
