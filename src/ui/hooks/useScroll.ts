import { useRef } from 'react';

/**
 * First visible row of a list. It moves only when the cursor leaves the window, so a cursor move
 * rewrites two lines instead of shifting every row (what incremental rendering over SSH needs).
 */
export function useScroll(cursor: number, height: number, count: number): number {
  const offset = useRef(0);
  let off = offset.current;
  if (cursor < off) off = cursor;
  else if (cursor >= off + height) off = cursor - height + 1;
  off = Math.max(0, Math.min(off, Math.max(0, count - height)));
  offset.current = off;
  return off;
}
