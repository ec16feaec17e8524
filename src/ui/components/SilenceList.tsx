import { memo, useCallback, useMemo } from 'react';
import { formatMatcher } from '../../domain/matchers.js';
import type { SilenceRow } from '../../state/selectors.js';
import { age, cut, fit, fitLeft } from '../format.js';
import { paint } from '../text/paint.js';
import type { Theme } from '../theme.js';
import { ListView } from './ListView.js';

export interface SilenceListProps {
  rows: SilenceRow[];
  cursor: number;
  marks: string[];
  height: number;
  width: number;
  focused: boolean;
  now: number;
  theme: Theme;
  /** What an empty list says; unknown while Alertmanager has never answered. */
  empty?: string;
  /** Over several contexts: the width of the context column (0: one context, no column). */
  contextWidth?: number;
}

const SOON_MS = 30 * 60_000;
/** Marks a row's time as ending within SOON_MS. */
const SOON = '|soon';

export const SilenceList = memo(function SilenceList({ rows, cursor, marks, height, width, focused, now, theme, empty = 'no active or pending silences', contextWidth = 0 }: SilenceListProps) {
  const marked = useMemo(() => new Set(marks), [marks]);
  // What follows the clock: the time to start or to the end, and whether the end is near (its colour).
  const rowTime = useCallback(({ silence: s }: SilenceRow) => {
    if (s.state === 'pending') return `in ${age(now, s.startsAt)}`;
    return `${age(now, s.endsAt)}${s.endsAt.getTime() - now < SOON_MS ? SOON : ''}`;
  }, [now]);
  const renderRow = useCallback(
    ({ silence: s, matching }: SilenceRow, w: number, time: string) => {
      const pending = s.state === 'pending';
      const soon = time.endsWith(SOON);
      const left = soon ? time.slice(0, -SOON.length) : time;
      const hits = matching === 0 ? 'none' : String(matching);
      const fixed = 9 + 8 + 6 + 13;
      return (
        fit(s.id.slice(0, 8), 9) +
        paint(fitLeft(pending ? left : `${left} left`, 8), soon ? theme.c('warning') : pending ? theme.c('info') : undefined) +
        paint(`${fitLeft(hits, 5)} `, matching === 0 ? theme.c('warning') : theme.c('muted')) +
        paint(`${fit(s.createdBy, 12)} `, theme.c('muted')) +
        cut(s.matchers.map(formatMatcher).join(' '), Math.max(0, w - fixed))
      );
    },
    [theme],
  );
  return (
    <ListView
      items={rows}
      cursor={cursor}
      height={height}
      width={width}
      focused={focused}
      theme={theme}
      renderRow={renderRow}
      rowTime={rowTime}
      isMarked={(r) => marked.has(r.silence.id)}
      contextWidth={contextWidth}
      rowContext={(r) => r.silence.context}
      empty={empty}
    />
  );
});
