import { useEffect, useState } from 'react';
import type { RunbookCache } from '../../state/runbooks.js';

/** A number that changes whenever a runbook lands, is refreshed or a step is marked: re-render on it. */
export function useRunbookVersion(cache: RunbookCache | undefined): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!cache) return;
    const off = cache.subscribe(() => setVersion((v) => v + 1));
    return () => {
      off();
    };
  }, [cache]);
  return version;
}
