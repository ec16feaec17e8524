/**
 * The alert list under a filter on its own: how long alertRows takes to make the rows for a filter
 * typed after another, at 8 contexts × 10,000 alerts (as bench scale), against one context's share in
 * the same run. `npm run bench -- scale` has the whole key (search, rows, React, Ink); this isolates
 * the rows, whose cost grows with the groups a filter cuts down ('host-4' keeps a part of 8,000 groups).
 *   npm run bench -- filter
 */
import { performance } from 'node:perf_hooks';
import type { Alert } from '../src/domain/types.js';
import { alertRows, prepareFilterTexts } from '../src/state/alertRows.js';
import { makeAlerts } from './lib/scaleData.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
/** Each filter timed right after the one before it (as typed), 30 times; p50 and max in ms. */
const TYPED: Array<[string, string]> = [['host-', 'host-4'], ['svc-', 'svc-1'], ['svc-1', 'svc-12'], ['alert', 'alert1'], ['host-4', 'host-']];

function world(contexts: number, perContext: number): Alert[] {
  const alerts: Alert[] = [];
  for (let c = 0; c < contexts; c++) for (const a of makeAlerts(perContext, NOW, contexts > 1 ? `ctx-${c}-` : '')) alerts.push(contexts > 1 ? Object.assign(a, { context: `ctx-${c}` }) : a);
  alertRows(alerts, '');
  while (!prepareFilterTexts(alerts, 50));
  return alerts;
}

function time(alerts: Alert[], before: string, filter: string): { p50: number; max: number; rows: number } {
  const xs: number[] = [];
  for (let i = 0; i < 30; i++) {
    alertRows(alerts, before);
    const t = performance.now();
    alertRows(alerts, filter);
    xs.push(performance.now() - t);
  }
  xs.sort((a, b) => a - b);
  return { p50: xs[15]!, max: xs[29]!, rows: alertRows(alerts, filter).length };
}

const big = world(8, 10_000);
const small = world(1, 10_000);
console.log('filter typed after another: rows made (p50 / max of 30, ms)   8x10,000 alerts | 1x10,000 | ratio');
for (const [before, filter] of TYPED) {
  const b = time(big, before, filter);
  const s = time(small, before, filter);
  console.log(`  ${`'${before}' -> '${filter}'`.padEnd(22)} ${b.p50.toFixed(1).padStart(6)} / ${b.max.toFixed(1).padStart(5)} (${b.rows} rows) | ${s.p50.toFixed(1).padStart(5)} / ${s.max.toFixed(1).padStart(5)} | ${(b.p50 / s.p50).toFixed(1)}x`);
}
