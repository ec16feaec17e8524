import { useEffect } from 'react';
import type { Alert } from '../../domain/types.js';
import { prepareFilterTexts } from '../../state/selectors.js';

/** Short enough that a key pressed meanwhile is read within a frame's time. */
const SLICE_MS = 4;

/**
 * After each answer, the alerts' free-text filter texts are made in slices between frames and keys
 * (setImmediate lets input and timers run between slices), so the first key of a filter finds them made.
 */
export function useFilterTexts(alerts: Alert[]): void {
  useEffect(() => {
    let handle: NodeJS.Immediate | undefined;
    const step = () => {
      handle = prepareFilterTexts(alerts, SLICE_MS) ? undefined : setImmediate(step);
    };
    handle = setImmediate(step);
    return () => {
      if (handle) clearImmediate(handle);
    };
  }, [alerts]);
}
