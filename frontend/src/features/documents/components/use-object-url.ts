import { useEffect, useState } from 'react';

/** A blob: URL for `blob` (typed as `type` when given), revoked when the blob changes or the
 * component goes away; null until there is a blob. */
export function useObjectUrl(blob: Blob | undefined, type?: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) return;
    const objectUrl = URL.createObjectURL(type ? new Blob([blob], { type }) : blob);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [blob, type]);
  return url;
}
