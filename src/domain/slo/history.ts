/**
 * SLO history (issue 13): from a range of readings, the periods spent below a threshold.
 * A point at time t stands for the step that ends at t, (t − step, t]: a period's start and end are
 * therefore exact to within one step, which is what a range query can tell.
 */
import { formatDuration } from '../duration.js';
import { formatPercent } from './format.js';

export interface HistoryPeriod {
  start: Date;
  /** null while the period is still going on at the end of the range. */
  end: Date | null;
  ongoing: boolean;
  durationMs: number;
}

/** One reading of the history: what was sent, at which step, and the periods it found. */
export interface HistoryReading {
  query: string;
  /** The SLI's window each point covers ("1h" for bad stretches, the SLO's window for breaches). */
  window: string;
  stepSeconds: number;
  threshold: number;
  periods: HistoryPeriod[];
  error?: string;
  /** How the reading was made when not as usual: a recording rule's own expression where its series had no data. */
  note?: string;
  /** What the answers warned of (Thanos: a store did not answer): the periods may be missing some. */
  warnings?: string[];
}

export interface SloHistory {
  from: Date;
  to: Date;
  /** The short-window SLI below the objective. */
  badStretches: HistoryReading;
  /** The short-window SLI below the critical threshold: the outages themselves; null without a `below` threshold. */
  outages: HistoryReading | null;
  /** The SLO window's compliance below the objective. */
  breaches: HistoryReading;
  /** The lowest window compliance in the range, and when. */
  worst: { compliance: number; at: Date } | null;
}

/**
 * Runs of consecutive points below `threshold` → periods. A missing point (no data, or NaN) ends a
 * run: no data is not called bad. A run that reaches the last point, at the end of the range
 * (`endSec`), is ongoing.
 */
export function periodsBelow(points: Array<[number, number]>, threshold: number, stepSec: number, endSec: number): HistoryPeriod[] {
  const periods: HistoryPeriod[] = [];
  let runStart: number | null = null;
  let last: number | null = null;
  const close = (ongoing: boolean): void => {
    if (runStart === null || last === null) return;
    const start = runStart - stepSec;
    const end = ongoing ? endSec : last;
    periods.push({ start: new Date(start * 1000), end: ongoing ? null : new Date(end * 1000), ongoing, durationMs: (end - start) * 1000 });
    runStart = null;
  };
  for (const [t, v] of points) {
    const gap = last !== null && t - last > stepSec * 1.5;
    if (gap) close(false);
    if (Number.isFinite(v) && v < threshold) {
      if (runStart === null) runStart = t;
    } else close(false);
    last = t;
  }
  const lastPoint = points[points.length - 1];
  close(lastPoint !== undefined && endSec - lastPoint[0] < stepSec);
  return periods;
}

/** The lowest finite value and when it was reached (the first time, if it was reached twice). */
export function worstPoint(points: Array<[number, number]>): { compliance: number; at: Date } | null {
  let worst: [number, number] | null = null;
  for (const p of points) if (Number.isFinite(p[1]) && (worst === null || p[1] < worst[1])) worst = p;
  return worst ? { compliance: worst[1], at: new Date(worst[0] * 1000) } : null;
}

const clock = (d: Date): string => d.toISOString().slice(0, 16).replace('T', ' ');

export function formatPeriod(p: HistoryPeriod): string {
  const end = p.end ? clock(p.end) : 'ongoing';
  return `${clock(p.start)} → ${end}  ${formatDuration(p.durationMs)}${p.ongoing ? ' so far' : ''}`;
}

/** The text of `oncall slo --history`, one block per SLO. */
export function formatHistory(name: string, h: SloHistory | { error: string }): string {
  if ('error' in h) return `${name}\n  history could not be read: ${h.error}\n`;
  const lines = [`${name}  (${clock(h.from)} → ${clock(h.to)} UTC)`];
  lines.push(`  worst ${h.breaches.window} compliance: ${h.worst ? `${formatPercent(h.worst.compliance)} at ${clock(h.worst.at)}` : 'no data'}`);
  const block = (title: string, r: HistoryReading): void => {
    const head = `  ${title} (${r.window} SLI below ${formatPercent(r.threshold)}, step ${formatDuration(r.stepSeconds * 1000)})`;
    if (r.error) return void lines.push(`${head}: could not be read: ${r.error}`);
    lines.push(`${head}: ${r.periods.length === 0 ? 'none' : r.periods.length}`);
    if (r.note) lines.push(`    (${r.note})`);
    if (r.warnings?.length) lines.push(`    (the answer was partial: ${r.warnings.join('; ')})`);
    for (const p of r.periods) lines.push(`    ${formatPeriod(p)}`);
  };
  block('breaches', h.breaches);
  block('bad stretches', h.badStretches);
  if (h.outages) block('outages', h.outages);
  return `${lines.join('\n')}\n`;
}
