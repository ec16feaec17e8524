import { ackOf, type AckInfo } from '../domain/ack.js';
import { correlate, type Correlation, type GroupLink, type IncidentLink, type JoinedGroup, type Lookup } from '../domain/correlation.js';
import type { RoutingTree } from '../domain/routing.js';
import type { Alert, Incident, Silence } from '../domain/types.js';
import { splitByContext } from './contextParts.js';
import { memo } from './memo.js';
import type { DashboardState, FleetContext } from './types.js';

/**
 * The join on screen: which incident each alert group opened (exact by dedup key, likely by title),
 * and which alerts are acknowledged (under an ack silence). Recomputed only when a poll changes the
 * alerts, the incidents, the silences or the routes.
 */
const joined = memo((routes: RoutingTree | undefined, alerts: Alert[], incidents: Incident[]): Correlation | undefined =>
  routes ? correlate(routes, alerts, incidents) : undefined,
);

const acked = memo((alerts: Alert[], silences: Silence[]): Map<string, AckInfo> => {
  const byId = new Map(silences.map((s) => [s.id, s]));
  const out = new Map<string, AckInfo>();
  for (const a of alerts) {
    if (a.silencedBy.length === 0) continue;
    const { ack, silencedOtherwise } = ackOf(a.silencedBy, byId);
    if (ack && !silencedOtherwise) out.set(a.fingerprint, ack);
  }
  return out;
});

/** Whether two lists hold the same objects in the same order: a context whose poll changed nothing keeps its items. */
function sameItems<T>(a: T[], b: T[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

/** Each context's last join, so a poll of one context joins that context again and not all of them. */
const perContext = new Map<string, { tree: RoutingTree; alerts: Alert[]; incidents: Incident[]; result: Correlation }>();

function contextJoin(name: string, tree: RoutingTree, alerts: Alert[], incidents: Incident[]): Correlation {
  const last = perContext.get(name);
  if (last && last.tree === tree && sameItems(last.alerts, alerts) && sameItems(last.incidents, incidents)) return last.result;
  const result = correlate(tree, alerts, incidents);
  perContext.set(name, { tree, alerts, incidents, result });
  return result;
}

/** The join as the screen reads it: one context's Correlation, or every context's read through. */
export interface Join {
  groups: JoinedGroup[];
  byAlert: Lookup<IncidentLink[]>;
  byIncident: Lookup<GroupLink>;
}

/** Several contexts' maps read in order, the first that has the key answering: nothing is copied. */
function readThrough<V>(maps: Array<Lookup<V>>): Lookup<V> {
  return {
    get: (key) => {
      for (const m of maps) {
        const v = m.get(key);
        if (v !== undefined) return v;
      }
      return undefined;
    },
    has: (key) => maps.some((m) => m.has(key)),
  };
}

/**
 * Over several contexts each one's alerts are joined through its own routing tree to the incidents of
 * its PagerDuty account (polled by the context named in `pagerdutyVia`, or by itself). The contexts'
 * maps are read through, not merged: merging 80,000 alerts' links into one Map at every poll made
 * 7 MB of garbage a poll, a quarter of what a poll left for the collector.
 */
const fleetJoined = memo((routes: Record<string, RoutingTree> | undefined, alerts: Alert[], incidents: Incident[], fleet: FleetContext[]): Join | undefined => {
  if (!routes) return undefined;
  const joins: Correlation[] = [];
  // The merged lists' parts, read back (src/state/contextParts.ts): an unchanged context's list is the one its join was made from.
  const alertsOf = splitByContext(alerts);
  const incidentsOf = splitByContext(incidents);
  for (const c of fleet) {
    const tree = routes[c.name];
    if (!tree) continue;
    const account = c.pagerdutyVia ?? c.name;
    joins.push(contextJoin(c.name, tree, alertsOf.get(c.name) ?? [], incidentsOf.get(account) ?? []));
  }
  // An incident joined in two contexts (of one PagerDuty account) keeps the first listed one's group.
  return { groups: joins.flatMap((j) => j.groups), byAlert: readThrough(joins.map((j) => j.byAlert)), byIncident: readThrough(joins.map((j) => j.byIncident)) };
});

export const joinOf = (s: DashboardState): Join | undefined => (s.fleet ? fleetJoined(s.fleetRoutes, s.alerts, s.incidents, fleetKey(s.fleet)) : joined(s.routes, s.alerts, s.incidents));

/** The fleet's membership never changes within a session, its health does: the join keys on the first. */
let lastFleet: FleetContext[] | undefined;
function fleetKey(fleet: FleetContext[]): FleetContext[] {
  const same = lastFleet && lastFleet.length === fleet.length && lastFleet.every((c, i) => c.name === fleet[i]!.name && c.pagerdutyVia === fleet[i]!.pagerdutyVia);
  if (!same) lastFleet = fleet;
  return lastFleet!;
}

/** Whether the alert groups are known: Alertmanager's routes read (for the context of these alerts). */
export function routesKnown(s: DashboardState, context: string | undefined): boolean {
  return s.fleet ? context !== undefined && !!s.fleetRoutes?.[context] : !!s.routes;
}
export const acksOf = (s: DashboardState) => acked(s.alerts, s.silences);

/** The incidents of some alerts, each once; empty when nothing links (or the routes are not read yet). */
export function incidentsOf(s: DashboardState, alerts: Alert[]): Array<IncidentLink & { incident?: Incident }> {
  const j = joinOf(s);
  if (!j) return [];
  const seen = new Map<string, IncidentLink>();
  for (const a of alerts) for (const l of j.byAlert.get(a.fingerprint) ?? []) if (!seen.has(l.id)) seen.set(l.id, l);
  return [...seen.values()].map((l) => ({ ...l, incident: s.incidents.find((i) => i.id === l.id) }));
}

/** The alert group an incident came from, with its alerts now on screen. */
export function groupOf(s: DashboardState, incident: Incident): { group: GroupLink; alerts: Alert[] } | undefined {
  const j = joinOf(s);
  const group = j?.byIncident.get(incident.id);
  if (!j || !group) return undefined;
  const g = j.groups.find((x) => x.incidents.some((l) => l.id === incident.id));
  const fps = new Set(g?.fingerprints ?? []);
  return { group, alerts: s.alerts.filter((a) => fps.has(a.fingerprint)) };
}

/** "#1321 ACK" tags for a row: the status in PagerDuty's words, a ? for a likely link. */
export function incidentTags(links: IncidentLink[]): string {
  const word = { triggered: 'TRIG', acknowledged: 'ACK', resolved: 'RES' } as const;
  return links.map((l) => `#${l.number}${l.link === 'likely' ? '?' : ''} ${word[l.status]}`).join(' ');
}
