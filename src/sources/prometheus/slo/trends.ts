/**
 * The sparklines' history, kept between polls. A trend is the compliance over the SLO window at each
 * point of a step grid aligned to the epoch (so points read at different polls fall on the same
 * timestamps), plus one point at the evaluation time. The whole window (30 days: 120 points) is read
 * at the first poll and then rarely; at other polls only the grid points that appeared since the last
 * one are asked for. The point at `now` is the window's compliance the instant queries just read: asked
 * as a range query it would cost Prometheus about as much as the whole trend (it reads the 30 days of
 * samples behind one increase() either way, and a range query reuses them from step to step).
 */
import type { TrendReading, WindowReading } from '../../../domain/slo/report.js';
import { readTrend, type Runner, type SloPrometheus } from './read.js';

/** How often the whole window is read again, so a late sample or a rewritten rule is not kept forever. */
export const FULL_READ_EVERY_MS = 3_600_000;

interface Kept {
  step: number;
  windowMs: number;
  /** Grid points, oldest first, all at multiples of `step`. */
  points: Array<[number, number]>;
  /** The last grid time asked (answered or not: Prometheus leaves out steps without data). */
  lastGrid: number;
  fullAt: number;
}

export class TrendCache {
  private kept = new Map<string, Kept>();

  constructor(private readonly fullEveryMs = FULL_READ_EVERY_MS) {}

  /** Forgets the trends of SLOs no longer evaluated. */
  retain(exprs: Iterable<string>): void {
    const keep = new Set(exprs);
    for (const key of this.kept.keys()) if (!keep.has(key)) this.kept.delete(key);
  }

  async read(prom: SloPrometheus, expr: string, windowMs: number, now: Date, step: number, run: Runner): Promise<TrendReading> {
    const nowSec = now.getTime() / 1000;
    const from = nowSec - windowMs / 1000;
    const gridEnd = Math.floor(nowSec / step) * step;
    let kept = this.kept.get(expr);
    const stale = !kept || kept.step !== step || kept.windowMs !== windowMs || now.getTime() - kept.fullAt >= this.fullEveryMs || kept.lastGrid > gridEnd;
    const gridStart = stale ? Math.ceil(from / step) * step : kept!.lastGrid + step;
    const grid = gridStart <= gridEnd ? readTrend(prom, expr, new Date(gridStart * 1000), new Date(gridEnd * 1000), step, run) : undefined;
    const g = await grid;
    if (g?.error) {
      this.kept.delete(expr);
      return g;
    }
    const warnings = g?.warnings ?? [];
    if (stale || !kept) kept = { step, windowMs, points: [], lastGrid: gridStart - step, fullAt: now.getTime() };
    if (g) kept.points.push(...g.points.filter(([t]) => t > kept!.lastGrid));
    kept.lastGrid = Math.max(kept.lastGrid, gridEnd);
    kept.points = kept.points.filter(([t]) => t >= from);
    // A partial answer (a Thanos store down) may miss points: read the whole window again next time.
    if (warnings.length > 0) this.kept.delete(expr);
    else this.kept.set(expr, kept);
    return { query: expr, stepSeconds: step, points: [...kept.points], ...(warnings.length ? { warnings } : {}) };
  }
}

/** The trend ended by the window's compliance at `now` (none when the window had no figure). */
export function withHead(trend: TrendReading, window: WindowReading, now: Date): TrendReading {
  const at = now.getTime() / 1000;
  if (trend.error || window.errorRatio === null || trend.points.at(-1)?.[0] === at) return trend;
  return { ...trend, points: [...trend.points, [at, 1 - window.errorRatio]] };
}
