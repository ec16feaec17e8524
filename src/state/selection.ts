import { cursorOf, rowCount, rowKeys } from './selectors.js';
import type { DashboardState, Pane } from './types.js';

/**
 * After new data arrives, keep the cursor on the same row (by key) rather than the same index. The row
 * most often stays where it was, and is looked for there first: reading every row up to it again, at
 * each poll, cost as many rows as the cursor was deep.
 */
export function keepSelection(prev: DashboardState, next: DashboardState, panes: Pane[]): DashboardState {
  let cursor = next.cursor;
  for (const pane of panes) {
    const key = rowKeys(prev, pane)(cursorOf(prev, pane));
    if (key === undefined) continue;
    const keyAt = rowKeys(next, pane);
    const n = rowCount(next, pane);
    if (keyAt(cursor[pane]) === key) continue;
    for (let i = 0; i < n; i++) {
      if (keyAt(i) === key) {
        if (i !== cursor[pane]) cursor = { ...cursor, [pane]: i };
        break;
      }
    }
  }
  return cursor === next.cursor ? next : { ...next, cursor };
}
