import { useEffect, useState } from 'react';

/**
 * `value` once it has stopped changing for `ms`. The detail pane follows the cursor through this:
 * holding j over SSH rewrites two list lines per step, and the detail pane once, when the cursor rests.
 */
export function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(value, settled)) return;
    if (ms <= 0) {
      setSettled(() => value);
      return;
    }
    const timer = setTimeout(() => setSettled(() => value), ms);
    return () => clearTimeout(timer);
  }, [value, settled, ms]);
  return settled;
}
