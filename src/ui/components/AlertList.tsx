import { Text } from 'ink';
import { memo, useCallback, useMemo } from 'react';
import type { AlertRow } from '../../state/selectors.js';
import { age, cut, fit, fitLeft } from '../format.js';
import { severityColor, type Theme } from '../theme.js';
import { ListView } from './ListView.js';

export interface AlertListProps {
  rows: AlertRow[];
  cursor: number;
  marks: string[];
  height: number;
  width: number;
  focused: boolean;
  now: number;
  theme: Theme;
}

export const AlertList = memo(function AlertList({ rows, cursor, marks, height, width, focused, now, theme }: AlertListProps) {
  const marked = useMemo(() => new Set(marks), [marks]);
  // Ages tick with `now`; rounding to the minute keeps rows from changing every second.
  const minute = Math.floor(now / 60_000) * 60_000;
  const renderRow = useCallback(
    (row: AlertRow, w: number) => {
      if (row.kind === 'group') {
        const count = fitLeft(`×${row.alerts.length}`, 5);
        const sev = fit(row.severity || '-', 9);
        const silenced = row.alerts.every((a) => a.silencedBy.length > 0) ? ' (silenced)' : '';
        return {
          lead: (
            <>
              <Text color={theme.c(severityColor(row.severity))}>{`${theme.glyph.open} ${sev}`}</Text>
              {`${count} `}
            </>
          ),
          leadWidth: 17,
          body: <Text bold>{cut(`${row.alertname} · ${row.service}${silenced}`, Math.max(0, w - 17))}</Text>,
        };
      }
      const a = row.alert;
      const flags = `${a.silencedBy.length > 0 ? 'S' : ' '}${a.inhibitedBy.length > 0 ? 'I' : ' '}`;
      const when = fitLeft(age(a.startsAt, minute), 4);
      const text = `${row.distinct}${row.distinct ? '  ' : ''}${a.annotations.summary ?? ''}`;
      const dim = a.silencedBy.length > 0 || a.inhibitedBy.length > 0;
      return {
        lead: <Text color={theme.c(severityColor(a.labels.severity))}>{`   ${theme.glyph.dot} `}</Text>,
        leadWidth: 5,
        body: (
          <>
            <Text color={theme.c('warning')}>{flags}</Text>
            <Text color={theme.c('muted')}>{`${when}  `}</Text>
            <Text color={dim ? theme.c('muted') : undefined}>{cut(text, Math.max(0, w - 13))}</Text>
          </>
        ),
      };
    },
    [theme, minute],
  );
  return (
    <ListView
      items={rows}
      cursor={cursor}
      height={height}
      width={width}
      focused={focused}
      theme={theme}
      rowKey={(r) => r.key}
      renderRow={renderRow}
      isMarked={(r) => r.kind === 'alert' && marked.has(r.key)}
      empty="no firing alerts"
    />
  );
});
