import { isApiError } from '@/lib/api-client';

/** The first message the API gave for `name` in its error envelope's `fields`. */
export function fieldError(error: unknown, name: string): string | undefined {
  if (!isApiError(error) || !error.fields) return undefined;
  const value = error.fields[name];
  return Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined;
}
