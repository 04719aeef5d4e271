import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

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
