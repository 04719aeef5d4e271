import type { ApiErrorBody } from '@/types';

import { readCookie } from './cookies';

/** An API answer that was not 2xx, carrying the envelope of API.md. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, unknown> | undefined;

  constructor(status: number, body: ApiErrorBody) {
    super(body.detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.fields = body.fields;
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

type SessionListener = () => void;
let onSessionExpired: SessionListener = () => {};

/** Called once when a refresh fails: the app clears its caches and goes back to the login. */
export function setSessionExpiredHandler(listener: SessionListener): void {
  onSessionExpired = listener;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// 401s that a fresh access token can cure; invalid_credentials and the like cannot.
const REFRESHABLE = new Set(['token_not_valid', 'not_authenticated', 'authentication_failed']);
const NO_REFRESH_PATHS = ['/api/auth/login/', '/api/auth/refresh/', '/api/auth/logout/', '/api/auth/csrf/'];

let csrfPromise: Promise<string> | null = null;

async function csrfToken(): Promise<string> {
  const existing = readCookie('csrftoken');
  if (existing) return existing;
  csrfPromise ??= fetch('/api/auth/csrf/', { credentials: 'same-origin' })
    .then(async (response) => {
      const body = (await response.json().catch(() => ({}))) as { csrftoken?: string };
      return readCookie('csrftoken') ?? body.csrftoken ?? '';
    })
    .finally(() => {
      csrfPromise = null;
    });
  return csrfPromise;
}

// One refresh at a time: concurrent 401s wait for the same rotation (each refresh token is
// single-use, so two parallel refreshes would end the session).
let refreshPromise: Promise<boolean> | null = null;

export function refreshSession(): Promise<boolean> {
  refreshPromise ??= (async () => {
    try {
      const response = await fetch('/api/auth/refresh/', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-CSRFToken': await csrfToken(), Accept: 'application/json' },
      });
      return response.ok;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshPromise = null;
  });
  return refreshPromise;
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as multipart/form-data. */
  formData?: FormData;
  params?: Record<string, string | number | boolean | null | undefined | string[]>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

export function buildUrl(path: string, params?: RequestOptions['params']): string {
  if (!params) return path;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((item) => search.append(key, item));
    else search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.formData) {
    body = options.formData;
  }
  if (UNSAFE.has(method)) headers['X-CSRFToken'] = await csrfToken();
  return fetch(buildUrl(path, options.params), {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: options.signal,
  });
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await response.json()) as Partial<ApiErrorBody>;
  } catch {
    // not JSON (a proxy's error page): the status alone speaks
  }
  return new ApiError(response.status, {
    code: body.code ?? `http_${response.status}`,
    detail: body.detail ?? `The server answered ${response.status} ${response.statusText}`.trim(),
    fields: body.fields,
  });
}

/**
 * fetch with the cookie session: X-CSRFToken on unsafe methods, and on a 401 that a new access
 * token can cure, one silent refresh followed by one retry. When the refresh fails the session
 * is over and the app is told.
 */
export async function apiResponse(path: string, options: RequestOptions = {}): Promise<Response> {
  let response = await send(path, options);
  if (response.status === 401 && !NO_REFRESH_PATHS.includes(path)) {
    const error = await errorFrom(response.clone());
    if (REFRESHABLE.has(error.code)) {
      if (await refreshSession()) {
        response = await send(path, options);
      } else {
        onSessionExpired();
        throw error;
      }
    }
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

/** A JSON API call; 204 answers undefined. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiResponse(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A binary download (PO PDF, an uploaded document) through the same session handling. */
export async function apiBlob(
  path: string,
  options: RequestOptions = {},
): Promise<{ blob: Blob; filename: string | null }> {
  const response = await apiResponse(path, { ...options, headers: { Accept: '*/*', ...options.headers } });
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return { blob: await response.blob(), filename: match?.[1] ? decodeURIComponent(match[1]) : null };
}

/** Saves a blob as a file through a temporary link. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
