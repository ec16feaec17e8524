import { formatDuration } from '../domain/duration.js';
import { formatPercent } from '../domain/slo/format.js';
import { formatPeriod, type HistoryReading } from '../domain/slo/history.js';
import type { SloReport } from '../domain/slo/types.js';
import type { DashboardState } from '../state/types.js';
import type { DetailLine } from './detail.js';

const clock = (d: Date): string => d.toISOString().slice(0, 16).replace('T', ' ');

/** One reading: its title with how many periods, each period (an ongoing one in red), or why it is missing. */
function readingLines(title: string, r: HistoryReading): DetailLine[] {
  const what = `${title} (${r.window} ${r.window === '1h' ? 'SLI' : 'compliance'} below ${formatPercent(r.threshold)})`;
  if (r.error) return [{ text: `  ${what}: not read: ${r.error}`, color: 'critical', wrap: true }];
  const out: DetailLine[] = [{ text: `  ${what}: ${r.periods.length === 0 ? 'none' : r.periods.length}` }];
  if (r.note) out.push({ text: `    (${r.note})`, color: 'muted', wrap: true });
  for (const p of r.periods) out.push({ text: `    ${formatPeriod(p)}`, ...(p.ongoing ? { color: 'critical' as const } : {}) });
  return out;
}

/**
 * The SLO's history in its details, as `oncall slo --history` reads it: breaches of its window, bad
 * stretches of the 1h SLI (below the objective, and below the critical threshold), the worst compliance.
 * Read when the details open (enter); until then the pane beside the lists says so.
 */
export function sloHistoryLines(state: DashboardState, report: SloReport): DetailLine[] {
  const view = state.sloHistory?.sloId === report.id ? state.sloHistory : undefined;
  if (!view) return [{ text: 'history: enter reads the last 30d', color: 'muted' }];
  const title = `history, last ${formatDuration(view.rangeMs)}`;
  if (view.loading) return [{ text: `${title}: reading Prometheus…`, color: 'muted' }];
  if (view.error || !view.history) return [{ text: `${title}: not read: ${view.error ?? 'no answer'}`, color: 'critical', wrap: true }];
  const h = view.history;
  const out: DetailLine[] = [{ text: `${title} (${clock(h.from)} → ${clock(h.to)} UTC)`, color: 'accent' }];
  out.push({ text: `  worst ${h.breaches.window} compliance: ${h.worst ? `${formatPercent(h.worst.compliance)} at ${clock(h.worst.at)}` : 'no data'}` });
  out.push(...readingLines('breaches', h.breaches), ...readingLines('bad stretches', h.badStretches));
  if (h.outages) out.push(...readingLines('outages', h.outages));
  return out;
}
