import { correlate } from '../domain/correlation.js';
import { errorLine } from '../domain/errors.js';
import { matchesAll } from '../domain/matchers.js';
import { alertEvents, alertRuns, expiredSilenceBefore, incidentEvents, mergeTimeline, silenceEvents, type AlertRun, type TimelineEvent } from '../domain/timeline.js';
import type { Alert, Incident, Matcher, Silence } from '../domain/types.js';
import { routingTreeOf } from '../sources/alertmanager/routing.js';
import { alertmanagerFor, pagerdutyFor, prometheusFor } from './clients.js';
import type { ResolvedContext } from './context.js';
import { mapLimited } from './limit.js';

export interface TimelineQuery {
  start: Date;
  end: Date;
  matchers: Matcher[];
  /** An incident id or number: its log, and the alerts of its group. */
  incident?: string;
}

export interface TimelineResult {
  events: TimelineEvent[];
  runs: AlertRun[];
  silences: Silence[];
  /** One line per source that could not be read; the rest is still there. */
  failures: string[];
  /** What an answer warned of (a partial answer from Thanos): read, but maybe not all of it. */
  warnings: string[];
}

const LOG_CONCURRENCY = 4;

/** Prometheus' ALERTS history as raw samples, so fired and resolved times are the rule evaluations'. */
async function readRuns(ctx: ResolvedContext, q: { start: Date; end: Date }, warned?: string[]): Promise<AlertRun[]> {
  const raw = await prometheusFor(ctx).rawSamples('ALERTS{alertstate="firing"}', q.start, q.end);
  // A partial answer (Thanos with a store down) may lack runs: said beside the failures.
  for (const w of raw.warnings) warned?.push(`prometheus: the answer was partial: ${w}`);
  return alertRuns(raw.series, q);
}

async function settle<T>(failures: string[], what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    const said = errorLine(err);
    // Source errors already start with their source's name.
    failures.push(said.startsWith(`${what}:`) ? said : `${what}: ${said}`);
    return undefined;
  }
}

const asAlert = (run: AlertRun, n: number): Alert => ({
  fingerprint: String(n), labels: run.labels, annotations: {}, startsAt: run.firedAt, state: 'active', silencedBy: [], inhibitedBy: [], receivers: [],
});


export interface ResolvedRun extends AlertRun {
  /** The silence on it that expired while it fired or just before, which is why it came back. */
  afterSilence?: { id: string; expiredAt: Date };
}

/** `alerts --resolved-within`: alerts that fired and resolved in the window (Alertmanager forgot them); a partial answer's warnings go to `warned`. */
export async function resolvedRuns(ctx: ResolvedContext, q: { start: Date; end: Date; matchers: Matcher[] }, warned?: string[]): Promise<ResolvedRun[]> {
  const [runs, silences] = await Promise.all([readRuns(ctx, { ...q }, warned), ctx.alertmanagers.length ? alertmanagerFor(ctx).silences() : Promise.resolve([])]);
  return runs
    .filter((r) => r.resolvedAt && !r.firingBefore && matchesAll(q.matchers, r.labels))
    .map((r) => {
      const s = expiredSilenceBefore(r, silences);
      return s ? { ...r, afterSilence: { id: s.id, expiredAt: s.endsAt } } : r;
    });
}

/** Reads all three sources; each that fails is named in `failures` and the others still answer. */
export async function buildTimeline(ctx: ResolvedContext, q: TimelineQuery, now = new Date()): Promise<TimelineResult> {
  const failures: string[] = [];
  const warnings: string[] = [];
  const am = ctx.alertmanagers.length ? alertmanagerFor(ctx) : undefined;
  const pd = ctx.pagerduty ? await settle(failures, 'pagerduty', () => pagerdutyFor(ctx)) : undefined;
  const [allRuns, allSilences, status, recent, open] = await Promise.all([
    ctx.prometheus ? settle(failures, 'prometheus', () => readRuns(ctx, q, warnings)) : undefined,
    am ? settle(failures, 'alertmanager', () => am.silences()) : undefined,
    am && pd ? settle(failures, 'alertmanager routes', () => am.status()) : undefined,
    pd ? settle(failures, 'pagerduty', () => pd.incidents({ since: q.start, until: q.end })) : undefined,
    pd ? settle(failures, 'pagerduty', () => pd.incidents({ statuses: ['triggered', 'acknowledged'], dateRange: 'all' })) : undefined,
  ]);
  const incidents = [...new Map([...(recent ?? []), ...(open ?? [])].map((i) => [i.id, i])).values()];
  let runs = (allRuns ?? []).filter((r) => matchesAll(q.matchers, r.labels));

  let linked: Incident[] = [];
  if (status && pd) {
    const tree = await settle(failures, 'alertmanager routes', async () => routingTreeOf(status));
    if (tree) {
      const joined = correlate(tree, runs.map(asAlert), incidents);
      if (q.incident) {
        const wanted = incidents.find((i) => i.id === q.incident || `#${i.number}` === q.incident || String(i.number) === q.incident);
        if (!wanted) failures.push(`pagerduty: no incident ${q.incident} in the window`);
        runs = runs.filter((_, n) => (joined.byAlert.get(String(n)) ?? []).some((l) => l.id === wanted?.id));
        linked = wanted ? [wanted] : [];
      } else {
        linked = incidents.filter((i) => joined.byIncident.has(i.id));
      }
    }
  }
  const silences = (allSilences ?? []).filter((s) => runs.some((r) => matchesAll(s.matchers, r.labels)) || (q.matchers.length === 0 && !q.incident));
  const logs = pd ? await mapLimited(linked, LOG_CONCURRENCY, (i) => settle(failures, 'pagerduty', () => pd.logEntries(i.id, q.start))) : [];
  const events = mergeTimeline(
    alertEvents(runs, silences),
    silenceEvents(silences, q, now),
    ...linked.map((i, n) => incidentEvents(i, logs[n] ?? [], q)),
  );
  return { events, runs, silences, failures: [...new Set(failures)], warnings: [...new Set(warnings)] };
}
