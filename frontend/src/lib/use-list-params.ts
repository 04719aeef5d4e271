import { useCallback, useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { isApiError } from './api-client';

/**
 * A list's search, filters, sorting and page, kept in the URL so that a reload, the back button
 * and a shared link all show the same list. Any change but the page's goes back to page 1.
 */
export function useListParams<K extends string>(keys: readonly K[]) {
  const [searchParams, setSearchParams] = useSearchParams();
  const values = useMemo(() => {
    const out = {} as Record<K, string>;
    for (const key of keys) out[key] = searchParams.get(key) ?? '';
    return out;
  }, [keys, searchParams]);
  const page = Math.max(1, Number(searchParams.get('page')) || 1);

  const update = useCallback(
    (changes: Partial<Record<K | 'page', string | number | null>>) => {
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === '' || value === undefined) next.delete(key);
            else next.set(key, String(value));
          }
          if (!('page' in changes)) next.delete('page');
          return next;
        },
        { replace: !('page' in changes) },
      );
    },
    [setSearchParams],
  );

  return { values, page, update };
}

/**
 * A page that no longer exists (its last rows were decided, deleted or filtered away by someone
 * else; the server answers 404 "Invalid page.") goes back to page 1 instead of a dead end.
 */
export function useKeepPageInRange(
  page: number,
  query: { error: unknown; data?: { results: unknown[] } | undefined },
  update: (changes: { page: null }) => void,
) {
  const gone = page > 1 && (isApiError(query.error, 404) || query.data?.results.length === 0);
  useEffect(() => {
    if (gone) update({ page: null });
  }, [gone, update]);
}

/**
 * The URL's value when it is one the API declares (`allowed` is checked against the generated
 * types with `satisfies`), else undefined: a hand-edited URL filters nothing instead of failing.
 */
export function oneOf<T extends string>(allowed: readonly T[], value: string): T | undefined {
  return allowed.find((item) => item === value);
}

/** A positive id from the URL, else undefined. */
export function idParam(value: string): number | undefined {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}
