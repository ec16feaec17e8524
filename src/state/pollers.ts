import type { Alert, Incident, OnCall, Silence } from '../domain/types.js';
import type { SloSnapshot } from '../domain/slo/types.js';
import { tagAlert } from './fleet.js';
import { keepUnchanged } from './keepUnchanged.js';
import { Poller, type Timers } from './poller.js';
import { escalationSig, policyReader, type Escalation } from './policies.js';
import type { AlertSource, IncidentSource, LoadRoutes, SloSource } from './ports.js';
import type { HeldAlerts } from '../sources/alertmanager/held.js';
import type { RoutingTree } from '../domain/routing.js';
import type { Action } from './actions.js';
import type { Store } from './store.js';
import type { SourceName } from './types.js';

export interface PollerDeps {
  /** In a dashboard over several contexts: every action these pollers send names this context. */
  context?: string;
  alertmanager?: AlertSource;
  pagerduty?: IncidentSource;
  slos?: SloSource;
  loadRoutes?: LoadRoutes;
  poll: { alertmanagerMs: number; pagerdutyMs: number; prometheusMs: number };
  /** An answer slower than this marks the source "slow" (Alertmanager with 10k alerts: ~5 s). */
  slowMs?: number;
  timers?: Timers;
  clock?: () => number;
  random?: () => number;
  /** Awaited between an Alertmanager answer's arrival and its parsing (the session: until keys pause, src/state/hold.ts). */
  beforeDecode?: () => Promise<void>;
}

export interface PollerControl {
  refreshNow(): void;
  /** Polls one source now (after a write to it). */
  refresh(source: SourceName): void;
  setPaused(paused: boolean): void;
  stop(): void;
  pollers: Partial<Record<SourceName, Poller<unknown>>>;
}

// Cheap signatures decide "changed": a poll that brings the same data costs no render.
const silenceSig = (s: Silence) => `${s.id}|${s.state}|${s.endsAt.getTime()}|${s.updatedAt?.getTime() ?? ''}`;
const incidentSig = (i: Incident) => `${i.id}|${i.status}|${i.updatedAt?.getTime() ?? ''}|${i.assignees.map((a) => a.id).join(',')}|${i.priority ?? ''}|${i.snoozedUntil?.getTime() ?? ''}`;
const oncallSig = (o: OnCall) => `${o.user.id}|${o.level}|${o.escalationPolicy.id}|${o.end?.getTime() ?? ''}`;

const ROUTES_EVERY_MS = 5 * 60_000;

/**
 * What the Alertmanager poller sends for an answer: over several contexts tagged here (as the store
 * would), so that the alerts it keeps are the ones the store lists, not copies of them; each alert
 * that shows nothing new the one it sent last (keepUnchanged), and the last list itself when that
 * holds for all of them.
 */
export function alertsToSend(last: Alert[] | undefined, answer: Alert[], context: string | undefined): Alert[] {
  return keepUnchanged(last, context === undefined ? answer : answer.map(tagAlert(context)));
}

/** The alerts the poller sent last, as the client reads them to decode the next answer (src/sources/alertmanager/held.ts). */
export function heldAlerts(last: Alert[] | undefined, context: string | undefined): HeldAlerts | undefined {
  return last && { alerts: last, prefix: context === undefined ? '' : `${context}/` };
}

function sameList<T>(a: T[], b: T[], sig: (x: T) => string): boolean {
  return a.length === b.length && a.every((x, i) => sig(x) === sig(b[i]!));
}

export function startPollers(target: Store, deps: PollerDeps): PollerControl {
  const store = deps.context === undefined ? target : { ...target, dispatch: (a: Action) => target.dispatch({ ...a, context: deps.context } as Action) };
  const slowMs = deps.slowMs ?? 3000;
  const common = { timers: deps.timers, clock: deps.clock, random: deps.random };
  const pollers: Partial<Record<SourceName, Poller<unknown>>> = {};
  const started = (source: SourceName) => (at: number) => store.dispatch({ type: 'pollStarted', source, at });
  const failed = (source: SourceName) => (err: { message: string; kind: import('../domain/errors.js').ErrorKind; toLine(): string }, info: { at: number; latencyMs: number; nextAttemptAt: number }) =>
    store.dispatch({ type: 'pollFailed', source, at: info.at, latencyMs: info.latencyMs, message: err.toLine(), kind: err.kind, nextAttemptAt: info.nextAttemptAt });
  const ok = (source: SourceName, info: { at: number; latencyMs: number; nextAttemptAt: number }) =>
    store.dispatch({ type: 'pollOk', source, at: info.at, latencyMs: info.latencyMs, slow: info.latencyMs > slowMs, nextAttemptAt: info.nextAttemptAt });

  // The routing tree changes only with Alertmanager's config: read it at the first poll, then every
  // few minutes. A failure keeps the last tree; the join is a bonus, never a reason to fail the poll.
  // The same tree as last time (the configuration did not change) is not sent again.
  let routesAt = -Infinity;
  let routes: RoutingTree | undefined;
  const clock = deps.clock ?? Date.now;
  const refreshRoutes = async () => {
    if (!deps.loadRoutes || clock() - routesAt < ROUTES_EVERY_MS) return;
    routesAt = clock();
    try {
      const tree = await deps.loadRoutes();
      if (tree !== routes) store.dispatch({ type: 'routesLoaded', routes: (routes = tree) });
    } catch {
      routesAt = -Infinity;
    }
  };

  const am = deps.alertmanager;
  if (am) {
    const peers = () => {
      const health = am.lastPeerHealth?.();
      if (health && health.length > 1) store.dispatch({ type: 'peers', peers: health.map((p) => ({ name: p.name, ok: p.ok })) });
    };
    // What the poll spent waiting to parse (keys were coming) is not the source's latency: not "slow" for it.
    let waited = 0;
    const settle = deps.beforeDecode;
    const beforeDecode = settle && (async () => {
      const from = clock();
      await settle();
      waited += clock() - from;
    });
    const answered = <I extends { latencyMs: number }>(info: I): I => ({ ...info, latencyMs: Math.max(0, info.latencyMs - waited) });
    // The last answer's alerts: an alert that shows nothing new keeps its object (src/state/keepUnchanged.ts).
    let lastAlerts: Alert[] | undefined;
    pollers.alertmanager = new Poller<{ alerts: Alert[]; silences: Silence[] }>({
      name: 'alertmanager',
      intervalMs: deps.poll.alertmanagerMs,
      fetch: async () => {
        waited = 0;
        const held = heldAlerts(lastAlerts, deps.context);
        const [alerts, silences] = await Promise.all([am.alerts(undefined, { beforeDecode, ...(held ? { held } : {}) }), am.silences(), refreshRoutes()]);
        lastAlerts = alertsToSend(lastAlerts, alerts, deps.context);
        return { alerts: lastAlerts, silences };
      },
      // The same list when no alert shows anything new (keepUnchanged).
      equals: (a, b) => a.alerts === b.alerts && sameList(a.silences, b.silences, silenceSig),
      onStart: started('alertmanager'),
      onResult: (data, info) => {
        if (info.changed) store.dispatch({ type: 'alertsLoaded', alerts: data.alerts, silences: data.silences });
        ok('alertmanager', answered(info));
        peers();
      },
      onError: (err, info) => {
        failed('alertmanager')(err, answered(info));
        peers();
      },
      ...common,
    }) as Poller<unknown>;
  }

  const pd = deps.pagerduty;
  if (pd) {
    const policies = policyReader(pd.escalationPolicy?.bind(pd), clock);
    pollers.pagerduty = new Poller<{ incidents: Incident[]; oncalls: OnCall[]; escalation: Escalation }>({
      name: 'pagerduty',
      intervalMs: deps.poll.pagerdutyMs,
      fetch: async () => {
        const [incidents, oncalls] = await Promise.all([pd.incidents(), pd.oncalls()]);
        return { incidents, oncalls, escalation: await policies(incidents) };
      },
      equals: (a, b) => sameList(a.incidents, b.incidents, incidentSig) && sameList(a.oncalls, b.oncalls, oncallSig) && escalationSig(a.escalation) === escalationSig(b.escalation),
      onStart: started('pagerduty'),
      onResult: (data, info) => {
        if (info.changed) store.dispatch({ type: 'incidentsLoaded', incidents: data.incidents, oncalls: data.oncalls, escalation: data.escalation });
        ok('pagerduty', info);
      },
      onError: failed('pagerduty'),
      ...common,
    }) as Poller<unknown>;
  }

  const slos = deps.slos;
  if (slos) {
    // Until the strip has shown anything, figures without sparklines beat an empty strip; later polls
    // keep the sparklines on screen until the new ones are in.
    let shown = false;
    const firstStatus = (snapshot: SloSnapshot) => {
      if (shown) return;
      shown = true;
      store.dispatch({ type: 'slosLoaded', slos: snapshot.reports, skipped: snapshot.skipped });
    };
    pollers.prometheus = new Poller<SloSnapshot>({
      name: 'prometheus',
      intervalMs: deps.poll.prometheusMs,
      fetch: () => slos.load(firstStatus),
      // A handful of reports: comparing their JSON is cheap and catches every figure.
      equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
      onStart: started('prometheus'),
      onResult: (data, info) => {
        shown = true;
        if (info.changed) store.dispatch({ type: 'slosLoaded', slos: data.reports, skipped: data.skipped });
        ok('prometheus', info);
      },
      onError: failed('prometheus'),
      ...common,
    }) as Poller<unknown>;
  }

  const all = () => Object.values(pollers);
  for (const p of all()) p.start();
  return {
    pollers,
    refreshNow: () => all().forEach((p) => p.refreshNow()),
    refresh: (source) => pollers[source]?.refreshNow(),
    setPaused: (paused) => {
      all().forEach((p) => (paused ? p.pause() : p.resume()));
      target.dispatch({ type: 'paused', paused });
    },
    stop: () => all().forEach((p) => p.stop()),
  };
}
