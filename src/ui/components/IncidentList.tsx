import { format } from 'date-fns';
import { memo, useCallback, useMemo } from 'react';
import type { GroupLink, Lookup } from '../../domain/correlation.js';
import { dueText, type Response } from '../../domain/response.js';
import type { Incident } from '../../domain/types.js';
import { age, cut, fit, fitLeft } from '../format.js';
import { paint } from '../text/paint.js';
import type { ColorName, Theme } from '../theme.js';
import { ListView } from './ListView.js';

export interface IncidentListProps {
  rows: Incident[];
  cursor: number;
  marks: string[];
  height: number;
  width: number;
  focused: boolean;
  now: number;
  theme: Theme;
  /** The alert group each incident came from (the exact join), by incident id. */
  groups?: Lookup<GroupLink>;
  /** Each incident's response targets, by id: the countdown column. */
  responses?: Map<string, Pick<Response, 'ackBy' | 'resolveBy'>>;
  /** Escalation levels above 1, by id. */
  levels?: Map<string, number>;
  /** What an empty list says; unknown while PagerDuty has never answered. */
  empty?: string;
  /** Over several contexts: the width of the context column (0: one context, no column). */
  contextWidth?: number;
}

const STATUS: Record<Incident['status'], { text: string; color: ColorName }> = {
  triggered: { text: 'TRIG', color: 'critical' },
  acknowledged: { text: 'ACK ', color: 'warning' },
  resolved: { text: 'RES ', color: 'ok' },
};

/** "!ack overdue 7m" (the ! shows without colour too), "ack in 2m", "snoozed until 14:05", "resolve in 41m". */
const DUE_WIDTH = 20;

function due(i: Incident, r: Pick<Response, 'ackBy' | 'resolveBy'> | undefined, now: number): string {
  if (!r) return '';
  const d = dueText(i, r, new Date(now));
  if (d.overdue) return `!${d.text}`;
  if (i.snoozedUntil) return `snoozed until ${format(i.snoozedUntil, 'HH:mm')}`;
  return d.text;
}

/** The countdown's look follows from its text: `!` overdue, then snoozed, then the status. */
function dueStyle(i: Incident, text: string): { color?: ColorName; bold?: boolean } {
  if (text === '') return {};
  if (text.startsWith('!')) return { color: 'critical', bold: true };
  if (i.snoozedUntil) return { color: 'muted' };
  return { color: i.status === 'triggered' ? 'warning' : 'muted' };
}

/** Between the age and the countdown in a row's time text (neither holds it). */
const SEP = '\u001f';

export const IncidentList = memo(function IncidentList({ rows, cursor, marks, height, width, focused, now, theme, groups, responses, levels, empty = 'no open incidents', contextWidth = 0 }: IncidentListProps) {
  const marked = useMemo(() => new Set(marks), [marks]);
  // What follows the clock: the age and the countdown (seconds in its last minute). Rows re-render when theirs changes.
  const rowTime = useCallback((i: Incident) => `${age(i.createdAt, now)}${SEP}${due(i, responses?.get(i.id), now)}`, [now, responses]);
  const renderRow = useCallback(
    (i: Incident, w: number, time: string) => {
      const [ageText = '', dueLabel = ''] = time.split(SEP);
      const st = i.status === 'acknowledged' && i.snoozedUntil ? { text: 'SNZ ', color: 'muted' as const } : STATUS[i.status];
      const num = fit(`#${i.number}`, 7);
      const urg = i.urgency === 'high' ? 'H' : 'L';
      const prio = fit(i.priority ?? '-', 3);
      // The countdown matters more than who and where: narrower rows drop the assignee, then the service.
      const service = w >= 100 ? fit(i.service.name, 14) + ' ' : w >= 70 ? fit(i.service.name, 10) + ' ' : '';
      const who = w >= 100 ? fit(i.assignees.map((a) => a.name).join(',') || '-', 12) + ' ' : '';
      // Narrow rows also drop the age: the countdown says how urgent it is, the details when it opened.
      const when = w >= 70 ? fitLeft(ageText, 4) + '  ' : '';
      const d = { text: dueLabel, ...dueStyle(i, dueLabel) };
      const dueCol = responses ? fit(d.text, DUE_WIDTH) + ' ' : '';
      const level = levels?.get(i.id);
      const lvl = level ? `L${level} ` : '';
      const g = groups?.get(i.id);
      // Its alert group and how many alerts fire in it (? for a likely link: by title, not by key).
      const from = g ? ` ← ${Object.values(g.labels).join(' ')} ×${g.firing}${g.link === 'likely' ? '?' : ''}` : '';
      const fixed = 7 + 5 + 2 + 4 + when.length + dueCol.length + service.length + who.length + lvl.length + from.length;
      return (
        num +
        paint(`${st.text} `, theme.c(st.color)) +
        paint(`${urg} `, i.urgency === 'high' ? theme.c('critical') : theme.c('muted')) +
        prio +
        paint(when, theme.c('muted')) +
        paint(dueCol, d.color ? theme.c(d.color) : undefined, d.bold) +
        paint(`${service}${who}`, theme.c('muted')) +
        paint(lvl, theme.c('accent')) +
        cut(i.title, Math.max(0, w - fixed)) +
        paint(from, theme.c('accent'))
      );
    },
    [theme, groups, responses, levels],
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
      isMarked={(i) => marked.has(i.id)}
      contextWidth={contextWidth}
      rowContext={(i) => i.context}
      empty={empty}
    />
  );
});
