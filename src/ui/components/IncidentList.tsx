import { Text } from 'ink';
import { memo, useCallback, useMemo } from 'react';
import type { GroupLink } from '../../domain/correlation.js';
import type { Incident } from '../../domain/types.js';
import { age, cut, fit, fitLeft } from '../format.js';
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
  groups?: Map<string, GroupLink>;
}

const STATUS: Record<Incident['status'], { text: string; color: ColorName }> = {
  triggered: { text: 'TRIG', color: 'critical' },
  acknowledged: { text: 'ACK ', color: 'warning' },
  resolved: { text: 'RES ', color: 'ok' },
};

export const IncidentList = memo(function IncidentList({ rows, cursor, marks, height, width, focused, now, theme, groups }: IncidentListProps) {
  const marked = useMemo(() => new Set(marks), [marks]);
  const minute = Math.floor(now / 60_000) * 60_000;
  const renderRow = useCallback(
    (i: Incident, w: number) => {
      const st = STATUS[i.status];
      const num = fit(`#${i.number}`, 7);
      const urg = i.urgency === 'high' ? 'H' : 'L';
      const prio = fit(i.priority ?? '-', 3);
      // Narrow terminals drop the service and assignee columns before the title.
      const wide = w >= 70;
      const service = wide ? fit(i.service.name, 14) + ' ' : '';
      const who = wide ? fit(i.assignees.map((a) => a.name).join(',') || '-', 12) + ' ' : '';
      const when = fitLeft(age(i.createdAt, minute), 4);
      const g = groups?.get(i.id);
      // Its alert group and how many alerts fire in it (? for a likely link: by title, not by key).
      const from = g ? ` ← ${Object.values(g.labels).join(' ')} ×${g.firing}${g.link === 'likely' ? '?' : ''}` : '';
      const fixed = 7 + 5 + 2 + 4 + 6 + service.length + who.length + from.length;
      return (
        <Text>
          {num}
          <Text color={theme.c(st.color)}>{st.text} </Text>
          <Text color={i.urgency === 'high' ? theme.c('critical') : theme.c('muted')}>{urg} </Text>
          {prio}
          <Text color={theme.c('muted')}>{`${when}  ${service}${who}`}</Text>
          {cut(i.title, Math.max(0, w - fixed))}
          <Text color={theme.c('accent')}>{from}</Text>
        </Text>
      );
    },
    [theme, minute, groups],
  );
  return (
    <ListView
      items={rows}
      cursor={cursor}
      height={height}
      width={width}
      focused={focused}
      theme={theme}
      rowKey={(i) => i.id}
      renderRow={renderRow}
      isMarked={(i) => marked.has(i.id)}
      empty="no open incidents"
    />
  );
});
