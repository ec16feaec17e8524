import type { ResponseTargets } from './response.js';
import type { IncidentLogEntry, Urgency } from './types.js';

/**
 * MTTA and MTTR: per service and urgency, and overall, over incidents created in a period. The same
 * figures whether the times come from PagerDuty's analytics or from each incident's log.
 */
export interface IncidentTimes {
  id: string;
  service: string;
  urgency: Urgency;
  createdAt: Date;
  firstAckAt?: Date;
  resolvedAt?: Date;
}

export interface Stats {
  mean: number | null;
  p50: number | null;
  p90: number | null;
}

export interface ReportRow {
  service: string;
  urgency: Urgency | 'all';
  incidents: number;
  /** Seconds from trigger to first acknowledgement, over the incidents that were acknowledged. */
  mtta: Stats;
  /** Seconds from trigger to resolution, over the incidents that were resolved. */
  mttr: Stats;
  /** Share (0..1) of incidents whose outcome is known that met both response targets; null if none. */
  targetsMet: number | null;
}

/** Where the times came from: PagerDuty's analytics, or each incident's log where the account has none. */
export type TimesSource = 'analytics' | 'log_entries';

/** `oncall report` and the dashboard's `:report`: one shape, so both show the same figures. */
export interface IncidentReport {
  since: Date;
  until: Date;
  source: TimesSource;
  /** Why analytics was not used, when it was tried and failed. */
  fallbackReason?: string;
  overall: ReportRow;
  services: ReportRow[];
}

/** The first acknowledgement and the resolution, from an incident's log (oldest first). */
export function timesFromLog(base: Omit<IncidentTimes, 'firstAckAt' | 'resolvedAt'>, log: IncidentLogEntry[]): IncidentTimes {
  const ack = log.find((e) => e.type === 'acknowledge');
  const resolved = [...log].reverse().find((e) => e.type === 'resolve');
  return { ...base, ...(ack ? { firstAckAt: ack.at } : {}), ...(resolved ? { resolvedAt: resolved.at } : {}) };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function stats(seconds: number[]): Stats {
  if (seconds.length === 0) return { mean: null, p50: null, p90: null };
  const sorted = [...seconds].sort((a, b) => a - b);
  const mean = Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length);
  return { mean, p50: percentile(sorted, 50), p90: percentile(sorted, 90) };
}

const secs = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 1000);

/** Met both targets; undefined while an open incident is still within them (no outcome yet). */
function metTargets(t: IncidentTimes, targets: ResponseTargets, now: Date): boolean | undefined {
  const target = targets[t.urgency === 'high' ? 'critical' : 'warning'];
  const ackAt = t.firstAckAt ?? t.resolvedAt;
  const ackOk = ackAt ? ackAt.getTime() - t.createdAt.getTime() <= target.ackMs : now.getTime() - t.createdAt.getTime() <= target.ackMs ? undefined : false;
  const resolveOk = t.resolvedAt ? t.resolvedAt.getTime() - t.createdAt.getTime() <= target.resolveMs : now.getTime() - t.createdAt.getTime() <= target.resolveMs ? undefined : false;
  if (ackOk === false || resolveOk === false) return false;
  return ackOk && resolveOk ? true : undefined;
}

function row(service: string, urgency: ReportRow['urgency'], list: IncidentTimes[], targets: ResponseTargets, now: Date): ReportRow {
  const outcomes = list.map((t) => metTargets(t, targets, now)).filter((m): m is boolean => m !== undefined);
  return {
    service,
    urgency,
    incidents: list.length,
    mtta: stats(list.filter((t) => t.firstAckAt).map((t) => secs(t.createdAt, t.firstAckAt!))),
    mttr: stats(list.filter((t) => t.resolvedAt).map((t) => secs(t.createdAt, t.resolvedAt!))),
    targetsMet: outcomes.length ? outcomes.filter(Boolean).length / outcomes.length : null,
  };
}

export function buildReport(times: IncidentTimes[], targets: ResponseTargets, now: Date): { overall: ReportRow; services: ReportRow[] } {
  const keys = [...new Set(times.map((t) => `${t.service}\u0000${t.urgency}`))].sort();
  const services = keys.map((k) => {
    const [service, urgency] = k.split('\u0000') as [string, Urgency];
    return row(service, urgency, times.filter((t) => t.service === service && t.urgency === urgency), targets, now);
  });
  return { overall: row('all', 'all', times, targets, now), services };
}
