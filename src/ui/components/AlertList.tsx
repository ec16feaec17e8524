import { memo, useCallback, useMemo } from 'react';
import type { AckInfo } from '../../domain/ack.js';
import type { IncidentLink, Lookup } from '../../domain/correlation.js';
import type { AlertRow, AlertRows } from '../../state/selectors.js';
import { incidentTags } from '../../state/join.js';
import { age, cut, fit, fitLeft } from '../format.js';
import { paint } from '../text/paint.js';
import { severityColor, type Theme } from '../theme.js';
import { ListView } from './ListView.js';

export interface AlertListProps {
  rows: AlertRows;
  cursor: number;
  marks: string[];
  height: number;
  width: number;
  focused: boolean;
  now: number;
  theme: Theme;
  /** Each alert's incidents (the exact join); absent until Alertmanager's routes are read. */
  links?: Lookup<IncidentLink[]>;
  /** Alerts under an ack silence: acknowledged, shown, not hidden as silenced. */
  acks?: Map<string, AckInfo>;
  /** What an empty list says; unknown while Alertmanager has never answered. */
  empty?: string;
  /** Over several contexts: the width of the context column (0: one context, no column). */
  contextWidth?: number;
}

const NONE = new Map();

/** A group's ack, when every alert in it is acknowledged. */
function groupAck(row: Extract<AlertRow, { kind: 'group' }>, acks: Map<string, AckInfo>): AckInfo | undefined {
  return row.alerts.every((a) => acks.has(a.fingerprint)) ? acks.get(row.alerts[0]!.fingerprint) : undefined;
}

export const AlertList = memo(function AlertList({ rows, cursor, marks, height, width, focused, now, theme, links = NONE, acks = NONE, empty = 'no firing alerts', contextWidth = 0 }: AlertListProps) {
  const marked = useMemo(() => new Set(marks), [marks]);
  // The ages that follow the clock: a group's ack age, an alert's age. Rows re-render when theirs changes.
  const rowTime = useCallback(
    (row: AlertRow) => {
      if (row.kind === 'alert') return age(row.alert.startsAt, now);
      const ack = groupAck(row, acks);
      return ack ? age(ack.at, now) : '';
    },
    [now, acks],
  );
  const renderRow = useCallback(
    (row: AlertRow, w: number, time: string) => {
      if (row.kind === 'group') {
        const count = fitLeft(`×${row.alerts.length}`, 5);
        const sev = fit(row.severity || '-', 9);
        const ack = groupAck(row, acks);
        const silenced = ack ? ` (acked by ${ack.by.split('@')[0]} ${time} ago)` : row.alerts.every((a) => a.silencedBy.length > 0) ? ' (silenced)' : '';
        const seen = new Map<string, IncidentLink>();
        for (const a of row.alerts) for (const l of (links.get(a.fingerprint) ?? []) as IncidentLink[]) seen.set(l.id, l);
        const tags = seen.size ? `  ${incidentTags([...seen.values()])}` : '';
        return (
          paint(`${theme.glyph.open} ${sev}`, theme.c(severityColor(row.severity))) +
          `${count} ` +
          paint(cut(`${row.alertname} · ${row.service}${silenced}`, Math.max(0, w - 17 - tags.length)), undefined, true) +
          paint(tags, theme.c('accent'))
        );
      }
      const a = row.alert;
      // A: acknowledged (an ack silence only); S: silenced; I: inhibited.
      const flags = `${acks.has(a.fingerprint) ? 'A' : a.silencedBy.length > 0 ? 'S' : ' '}${a.inhibitedBy.length > 0 ? 'I' : ' '}`;
      const when = fitLeft(time, 4);
      const text = `${row.distinct}${row.distinct ? '  ' : ''}${a.annotations.summary ?? ''}`;
      const dim = a.silencedBy.length > 0 || a.inhibitedBy.length > 0;
      return (
        paint(`   ${theme.glyph.dot} `, theme.c(severityColor(a.labels.severity))) +
        paint(flags, theme.c('warning')) +
        paint(`${when}  `, theme.c('muted')) +
        paint(cut(text, Math.max(0, w - 13)), dim ? theme.c('muted') : undefined)
      );
    },
    [theme, links, acks],
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
      isMarked={(r) => r.kind === 'alert' && marked.has(r.key)}
      contextWidth={contextWidth}
      rowContext={(r) => (r.kind === 'group' ? r.context : r.alert.context)}
      empty={empty}
    />
  );
});
