import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';

import { isApiError } from './api-client';

/**
 * Flattens DRF's field errors ({"items": [{}, {"quantity": ["..."]}]}) into dotted paths
 * ("items.1.quantity") with one message each.
 */
export function flattenFieldErrors(fields: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(fields)) {
    if (fields.every((item) => typeof item === 'string')) {
      if (fields.length) out[prefix] = fields.join(' ');
      return out;
    }
    fields.forEach((item, index) =>
      Object.assign(out, flattenFieldErrors(item, prefix ? `${prefix}.${index}` : String(index))),
    );
    return out;
  }
  if (fields && typeof fields === 'object') {
    for (const [key, value] of Object.entries(fields)) {
      Object.assign(out, flattenFieldErrors(value, prefix ? `${prefix}.${key}` : key));
    }
    return out;
  }
  if (typeof fields === 'string') out[prefix] = fields;
  return out;
}

/**
 * Puts a server's validation errors on the form's fields. What matches no field (a
 * non_field_errors, a business rule such as spending_limit_exceeded) comes back as a message
 * for the form as a whole.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fieldNames: readonly string[],
): string | null {
  if (!isApiError(error)) return error instanceof Error ? error.message : 'Something went wrong.';
  if (!error.fields) return error.message;
  const leftovers: string[] = [];
  for (const [path, message] of Object.entries(flattenFieldErrors(error.fields))) {
    const root = path.split('.')[0] ?? '';
    if (path && fieldNames.includes(root)) setError(path as Path<T>, { type: 'server', message });
    else leftovers.push(message);
  }
  return leftovers.length ? leftovers.join(' ') : null;
}

/** The server's message for one field (`"iban"`, or a dotted path), for a form without react-hook-form. */
export function fieldError(error: unknown, name: string): string | undefined {
  return isApiError(error) && error.fields ? flattenFieldErrors(error.fields)[name] : undefined;
}
