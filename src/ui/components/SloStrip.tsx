import { memo, useCallback } from 'react';
import type { SloReport, SloStatus } from '../../domain/slo/types.js';
import { formatCompliance, formatCriticalShort } from '../../domain/slo/format.js';
import { sparkLevel } from '../../domain/slo/spark.js';
import { cut, fit, fitLeft, percent, sparkline } from '../format.js';
import { paint } from '../text/paint.js';
import type { ColorName, Theme } from '../theme.js';
import { ListView } from './ListView.js';

export interface SloStripProps {
  rows: SloReport[];
  cursor: number;
  height: number;
  width: number;
  focused: boolean;
  /** Every row's figures are old: the one Prometheus is failing. */
  stale: boolean;
  /** Over several contexts: the contexts whose Prometheus is failing; only their rows are old. */
  staleContexts?: ReadonlySet<string>;
  theme: Theme;
  /** Said when there are no rows (why the strip is empty). */
  empty: string;
  /** Over several contexts: the width of the context column (0: one context, no column). */
  contextWidth?: number;
}

const STATUS: Record<SloStatus, { text: string; color: ColorName }> = {
  healthy: { text: 'ok', color: 'ok' },
  at_risk: { text: 'at risk', color: 'warning' },
  breached: { text: 'BREACHED', color: 'critical' },
  critical: { text: 'CRITICAL', color: 'critical' },
  no_data: { text: 'no data', color: 'muted' },
  error: { text: 'error', color: 'error' },
};

function burn(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return value >= 100 ? `${Math.round(value)}x` : `${value.toFixed(1)}x`;
}

export const SloStrip = memo(function SloStrip({ rows, cursor, height, width, focused, stale: allStale, staleContexts, theme, empty, contextWidth = 0 }: SloStripProps) {
  const renderRow = useCallback(
    (s: SloReport, w: number) => {
      const st = STATUS[s.status];
      const budget = s.budget ? `${percent(s.budget.remainingFraction, 0)} left` : '—';
      const alert = s.alert === 'none' ? '' : s.alert.toUpperCase();
      const crit = s.critical ? `crit ${formatCriticalShort(s.critical)}` : '';
      const fixed = 10 + 9 + 12 + 10 + 9 + 7;
      // The name keeps 14 columns; the sparkline takes what is left of 16, or goes below 5.
      const room = Math.min(16, w - fixed - 1 - 14);
      const spark = room >= 5 ? sparkline(s.trend, theme.glyph.spark, room, (v) => sparkLevel(v, s)) : '';
      const stale = allStale || (s.context !== undefined && staleContexts?.has(s.context) === true);
      const critColor = s.status === 'critical' && !stale ? 'critical' : 'muted';
      const row =
        paint(fit(`${theme.glyph.dot} ${st.text}`, 10), stale ? theme.c('muted') : theme.c(st.color)) +
        fitLeft(s.compliance === null ? '—' : formatCompliance(s.compliance, s.objective), 9) +
        paint(fitLeft(crit, 12), theme.c(critColor)) +
        fitLeft(budget, 10) +
        fitLeft(`1h ${burn(s.burnRates['1h'])}`, 9) +
        paint(fit(` ${alert}`, 7), theme.c('critical')) +
        (spark ? paint(`${fit(spark, room)} `, theme.c('muted')) : '') +
        // The server warned (a Thanos store down): the figures may miss data; the details say what it said.
        cut(`${s.warnings?.length ? '! ' : ''}${s.name} (${s.service})`, Math.max(0, w - fixed - (spark ? room + 1 : 0)));
      return paint(row, stale ? theme.c('muted') : undefined);
    },
    [theme, allStale, staleContexts],
  );
  return (
    <ListView items={rows} cursor={cursor} height={height} width={width} focused={focused} theme={theme} renderRow={renderRow} empty={empty} contextWidth={contextWidth} rowContext={(s) => s.context} />
  );
});
