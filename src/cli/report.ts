import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildReport, timesFromLog, type IncidentReport, type IncidentTimes, type TimesSource } from '../domain/report.js';
import type { ResponseTargets } from '../domain/response.js';
import { errorLine, OncallError } from '../domain/errors.js';
import type { Incident } from '../domain/types.js';
import type { PagerDutyApi } from '../sources/pagerduty/client.js';
import { mapLimited } from './limit.js';

export type { TimesSource } from '../domain/report.js';

const LOG_CONCURRENCY = 4;


type Cached = Record<string, { firstAckAt?: string; resolvedAt?: string }>;

/** A resolved incident's times never change: they are kept beside the config, so a report reads each log once. */
class TimesCache {
  constructor(private readonly path: string) {}
  private data: Cached = {};
  async load(): Promise<void> {
    this.data = JSON.parse(await readFile(this.path, 'utf8').catch(() => '{}')) as Cached;
  }
  get(i: Incident): IncidentTimes | undefined {
    const c = this.data[i.id];
    if (!c || i.status !== 'resolved') return undefined;
    return { ...base(i), ...(c.firstAckAt ? { firstAckAt: new Date(c.firstAckAt) } : {}), ...(c.resolvedAt ? { resolvedAt: new Date(c.resolvedAt) } : {}) };
  }
  put(t: IncidentTimes): void {
    this.data[t.id] = { ...(t.firstAckAt ? { firstAckAt: t.firstAckAt.toISOString() } : {}), ...(t.resolvedAt ? { resolvedAt: t.resolvedAt.toISOString() } : {}) };
  }
  async save(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(this.data), { mode: 0o600 });
    await rename(tmp, this.path);
  }
}

const base = (i: Incident) => ({ id: i.id, service: i.service.name, urgency: i.urgency, createdAt: i.createdAt });

/**
 * Each incident's first acknowledgement and resolution over [since, until): from PagerDuty's analytics
 * where the account has it, else from every incident's log (a resolved incident no longer lists its
 * acknowledgements), read with bounded concurrency and cached once resolved.
 */
export async function incidentTimes(
  pd: Pick<PagerDutyApi, 'analyticsIncidentTimes' | 'incidents' | 'logEntries'>,
  window: { since: Date; until: Date },
  cacheDir: string,
): Promise<{ times: IncidentTimes[]; source: TimesSource; fallbackReason?: string }> {
  let fallbackReason: string | undefined;
  try {
    return { times: await pd.analyticsIncidentTimes(window), source: 'analytics' };
  } catch (err) {
    // A 404 here means the account has no analytics (a plan feature), not a missing incident.
    fallbackReason = err instanceof OncallError && err.kind === 'not_found' ? 'this PagerDuty account has no analytics API, HTTP 404' : errorLine(err);
  }
  const incidents = await pd.incidents({ since: window.since, until: window.until });
  const cache = new TimesCache(join(cacheDir, 'cache', 'incident-times.json'));
  await cache.load();
  const times = await mapLimited(incidents, LOG_CONCURRENCY, async (i) => {
    const hit = cache.get(i);
    if (hit) return hit;
    const t = timesFromLog(base(i), await pd.logEntries(i.id));
    if (i.status === 'resolved') cache.put(t);
    return t;
  });
  await cache.save().catch(() => {});
  return { times, source: 'log_entries', fallbackReason };
}

/** The report over the last `spanMs` (one service, or all): what `oncall report` prints and `:report` shows. */
export async function incidentReport(
  pd: Pick<PagerDutyApi, 'analyticsIncidentTimes' | 'incidents' | 'logEntries'>,
  q: { spanMs: number; service?: string; targets: ResponseTargets; cacheDir: string; now?: Date },
): Promise<IncidentReport> {
  const until = q.now ?? new Date();
  const since = new Date(until.getTime() - q.spanMs);
  const got = await incidentTimes(pd, { since, until }, q.cacheDir);
  const times = q.service ? got.times.filter((t) => t.service === q.service) : got.times;
  return { since, until, source: got.source, ...(got.fallbackReason ? { fallbackReason: got.fallbackReason } : {}), ...buildReport(times, q.targets, until) };
}
