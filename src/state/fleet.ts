import { mergeParts, splitByContext } from './contextParts.js';
import type { Alert, Incident, OnCall, Silence } from '../domain/types.js';
import type { SloReport } from '../domain/slo/types.js';
import type { Action } from './actions.js';
import type { Escalation } from './policies.js';
import { keepSelection } from './selection.js';
import type { DashboardState, FleetContext, HealthStatus, SourceHealth, SourceName } from './types.js';

/**
 * A dashboard over several contexts (`--context a,b`, `--fleet NAME`) is one store: each context's
 * pollers send their answers with `context` set, and here they are merged into the one list each pane
 * shows, every item tagged with its context. The rest of the reducer then works as for one context.
 * Alert fingerprints and SLO ids get the context in front: the same alert firing in two clusters has
 * the same fingerprint, and must be two rows (a silence from one goes to that cluster only).
 */

export interface FleetMember {
  name: string;
  readOnly: boolean;
  readOnlyReason?: string;
  enabled: Record<SourceName, boolean>;
  /** Set on a context whose PagerDuty account is polled by another (the first listed writable one). */
  pagerdutyVia?: string;
}

const SOURCES: readonly SourceName[] = ['alertmanager', 'pagerduty', 'prometheus'];

export function fleetOf(members: FleetMember[]): FleetContext[] {
  const health = (on: boolean): SourceHealth => ({ status: on ? 'unknown' : 'off', inFlight: false });
  return members.map((m) => ({
    name: m.name,
    readOnly: m.readOnly,
    ...(m.readOnlyReason ? { readOnlyReason: m.readOnlyReason } : {}),
    ...(m.pagerdutyVia ? { pagerdutyVia: m.pagerdutyVia } : {}),
    sources: { alertmanager: health(m.enabled.alertmanager), pagerduty: health(m.enabled.pagerduty && !m.pagerdutyVia), prometheus: health(m.enabled.prometheus) },
  }));
}

/** The header's context while several are shown: read-only only when every one of them is. */
export function fleetContext(members: FleetMember[], author: string): DashboardState['context'] {
  const readOnly = members.every((m) => m.readOnly);
  return {
    name: members.map((m) => m.name).join(','),
    isProd: members.some((m) => /prod/i.test(m.name)),
    readOnly,
    ...(readOnly ? { readOnlyReason: 'every context is read-only' } : {}),
    author,
  };
}

/**
 * An alert of `context`: every field written out in one object literal, so that all tagged alerts
 * share one hidden class and hold their fields in the object itself. A spread and then a new key gave
 * each object a hidden class of its own (39 MB more heap at 80,000 alerts); Object.assign onto `{}`
 * kept most fields in a second object per alert (heap snapshots at 8 contexts × 10,000 alerts:
 * property arrays 9.4 MB and 110,000 of them with it, 0.6 MB and 9,600 without; 2.4 MB less heap and
 * 100,000 fewer objects for each collection to mark). The type lists every key, optional ones too, so
 * a field added to Alert cannot be left out here.
 */
export const tagAlert =
  (context: string) =>
  (a: Alert): Alert => {
    // The context's poller tags its answer itself (src/state/pollers.ts), so that the alerts it keeps from
    // poll to poll are the ones listed here: those come as they are.
    if (a.context === context) return a;
    const tagged: { [K in keyof Required<Alert>]: Alert[K] } = {
      fingerprint: `${context}/${a.fingerprint}`,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      updatedAt: a.updatedAt,
      generatorURL: a.generatorURL,
      state: a.state,
      silencedBy: a.silencedBy,
      inhibitedBy: a.inhibitedBy,
      receivers: a.receivers,
      context,
    };
    return tagged;
  };

export const tagSlo = (context: string) => (s: SloReport): SloReport => Object.assign({}, s, { context, id: `${context}/${s.id}` });
/** The id an SLO has in its own context's Prometheus (tagSlo put the context in front). */
export const ownSloId = (s: SloReport): string => (s.context !== undefined && s.id.startsWith(`${s.context}/`) ? s.id.slice(s.context.length + 1) : s.id);
const tag =
  (context: string) =>
  <T extends Silence | Incident | OnCall>(x: T): T => Object.assign({}, x, { context });

/** An incident of `context`'s poller, which also serves the contexts sharing its PagerDuty account. */
const tagIncident = (context: string, fleet: FleetContext[]) => {
  const sharing = fleet.filter((c) => c.pagerdutyVia === context).map((c) => c.name);
  return (i: Incident): Incident => Object.assign({}, i, sharing.length ? { context, accountContexts: [context, ...sharing] } : { context });
};

/** `all` with the items of `context` replaced by `fresh`, in the contexts' listed order. */
export function replaceContext<T extends { context?: string }>(order: string[], all: T[], context: string, fresh: T[]): T[] {
  const parts = splitByContext(all) as Map<string | undefined, T[]>;
  parts.set(context, fresh);
  return mergeParts(order, parts as Map<string, T[]>);
}

const RANK: Record<HealthStatus, number> = { off: 0, ok: 1, unknown: 2, slow: 3, failing: 4 };

/** A source across the contexts: the worst of them, its error naming the context it came from. */
function worst(fleet: FleetContext[], source: SourceName): SourceHealth {
  let pick: FleetContext | undefined;
  for (const c of fleet) if (!pick || RANK[c.sources[source].status] > RANK[pick.sources[source].status]) pick = c;
  const h = pick!.sources[source];
  const inFlight = fleet.some((c) => c.sources[source].inFlight);
  return { ...h, inFlight, ...(h.lastError ? { lastError: `${pick!.name}: ${h.lastError}` } : {}) };
}

function withHealth(state: DashboardState, fleet: FleetContext[]): DashboardState {
  const sources = { ...state.sources };
  for (const s of SOURCES) sources[s] = worst(fleet, s);
  return { ...state, fleet, sources };
}

function patchMember(fleet: FleetContext[], name: string, patch: (c: FleetContext) => FleetContext): FleetContext[] {
  return fleet.map((c) => (c.name === name ? patch(c) : c));
}

function health(c: FleetContext, source: SourceName, patch: Partial<SourceHealth>): FleetContext {
  return { ...c, sources: { ...c.sources, [source]: { ...c.sources[source], ...patch } } };
}

/** Every context's escalation policies and read errors together (policy ids are PagerDuty's, unique across accounts). */
function mergedEscalation(fleet: FleetContext[]): Escalation {
  const out: Escalation = { policies: {}, errors: {} };
  for (const c of fleet) {
    Object.assign(out.policies, c.escalation?.policies);
    Object.assign(out.errors, c.escalation?.errors);
  }
  return out;
}

type Reduce = (state: DashboardState, action: Action) => DashboardState;

/** A poll's action from one context: merged, then handed to the ordinary reducer without its context. */
export function reduceFleet(state: DashboardState, action: Action & { context?: string }, base: Reduce): DashboardState {
  const fleet = state.fleet!;
  const ctx = action.context!;
  const order = fleet.map((c) => c.name);
  if (!order.includes(ctx)) return state;
  switch (action.type) {
    case 'pollStarted':
    case 'pollOk':
    case 'pollFailed': {
      // The ordinary reducer computes the one context's health as it would alone.
      const alone = base({ ...state, sources: fleet.find((c) => c.name === ctx)!.sources }, { ...action, context: undefined });
      return withHealth(state, patchMember(fleet, ctx, (c) => ({ ...c, sources: alone.sources })));
    }
    case 'peers':
      return withHealth(state, patchMember(fleet, ctx, (c) => health(c, 'alertmanager', { peers: action.peers })));
    case 'routesLoaded':
      // Routes give incidents their group's severity, and so their order: the cursor stays on its incident.
      return keepSelection(state, { ...state, fleetRoutes: { ...state.fleetRoutes, [ctx]: action.routes } }, ['incidents']);
    case 'alertsLoaded':
      return base(state, {
        type: 'alertsLoaded',
        alerts: replaceContext(order, state.alerts, ctx, action.alerts.map(tagAlert(ctx))),
        silences: replaceContext(order, state.silences, ctx, action.silences.map(tag(ctx))),
      });
    case 'incidentsLoaded': {
      // Each context's policies are kept with it (a poll without them keeps the last), the details read them all.
      const next = action.escalation ? patchMember(fleet, ctx, (c) => ({ ...c, escalation: action.escalation })) : fleet;
      return base({ ...state, fleet: next }, {
        type: 'incidentsLoaded',
        incidents: replaceContext(order, state.incidents, ctx, action.incidents.map(tagIncident(ctx, fleet))),
        oncalls: replaceContext(order, state.oncalls, ctx, action.oncalls.map(tag(ctx))),
        ...(action.escalation ? { escalation: mergedEscalation(next) } : {}),
      });
    }
    case 'slosLoaded': {
      const next = patchMember(fleet, ctx, (c) => ({ ...c, sloSkipped: action.skipped ?? [] }));
      const slos = replaceContext(order, state.slos, ctx, action.slos.map(tagSlo(ctx)));
      return base({ ...state, fleet: next }, { type: 'slosLoaded', slos, skipped: next.flatMap((c) => c.sloSkipped ?? []) });
    }
    default:
      return state; // no other action names a context
  }
}

/** The context a row came from (undefined with one context). */
export function memberOf(state: DashboardState, name: string | undefined): FleetContext | undefined {
  return name === undefined ? undefined : state.fleet?.find((c) => c.name === name);
}
