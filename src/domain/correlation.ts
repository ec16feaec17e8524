import { createHash } from 'node:crypto';
import { byteCompare, groupKey, groupLabelsFor, matchRoutes, type RoutingTree } from './routing.js';
import type { Alert, Incident, IncidentStatus, Labels } from './types.js';

/**
 * The join of Alertmanager's alert groups with PagerDuty's incidents. Exact: the incident's
 * `incident_key` is the dedup key Alertmanager sent for the group (sha256 of the group key). Likely:
 * no key matched, but the incident's title is Alertmanager's default PagerDuty description of the
 * group (`[FIRING:n] <group label values>`). Never by service name alone.
 */
export type LinkKind = 'exact' | 'likely';

export interface IncidentLink {
  id: string;
  number: number;
  status: IncidentStatus;
  link: LinkKind;
}

export interface GroupLink {
  labels: Labels;
  receiver: string;
  firing: number;
  link: LinkKind;
  /** The most severe `severity` label among the group's alerts, when they carry one. */
  severity?: string;
}

export interface JoinedGroup {
  labels: Labels;
  receiver: string;
  fingerprints: string[];
  incidents: IncidentLink[];
}

/** A join read by key only: one context's Map, or several contexts' read one after the other. */
export interface Lookup<V> {
  get(key: string): V | undefined;
  has(key: string): boolean;
}

export interface Correlation {
  /** Every alert group the alerts form, with its incidents. */
  groups: JoinedGroup[];
  /** By alert fingerprint; an alert with no incident has an empty list. */
  byAlert: Map<string, IncidentLink[]>;
  /** By incident id; an incident with no group is absent. */
  byIncident: Map<string, GroupLink>;
}

interface Group {
  /** sha256 of the group key: what Alertmanager sends PagerDuty, and what tells groups apart here. */
  dedupKey: string;
  receiver: string;
  labels: Labels;
  fingerprints: string[];
  severities: string[];
}

const SEVERITY_RANK = ['critical', 'page', 'error', 'warning', 'info'];
const mostSevere = (all: string[]) => [...all].sort((a, b) => (SEVERITY_RANK.indexOf(a) + 1 || 99) - (SEVERITY_RANK.indexOf(b) + 1 || 99))[0];

export const dedupKeyOf = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Where routing puts an alert: one per route it matches. */
interface Placement {
  dedupKey: string;
  receiver: string;
  labels: Labels;
}

/**
 * Each alert's placements, kept with the alert object for the tree it was routed through. A poll hands
 * on the alerts that show nothing new as the same objects (src/state/keepUnchanged.ts), so a poll that
 * changed a few alerts routes only those: routing every alert again (matching, the group key's text and
 * its sha256) was most of the join, and the join a third of a changed poll at 8 × 10,000 alerts. An
 * alert's labels never change (a changed alert is a new object). Only what the join needs is kept (not
 * the group key's text): at 8 × 10,000 alerts the cache holds 5 MB of heap (heap snapshots).
 */
const routed = new WeakMap<RoutingTree, WeakMap<Alert, Placement | Placement[]>>();

/** Most alerts match one route: its placement is kept as it is, not in a list of one. `seen`: this grouping's placements by group key. */
function placementsOf(tree: RoutingTree, alert: Alert, seen: Map<string, Placement>): Placement | Placement[] {
  let byAlert = routed.get(tree);
  if (!byAlert) routed.set(tree, (byAlert = new WeakMap()));
  const kept = byAlert.get(alert);
  if (kept) return kept;
  const placements = matchRoutes(tree.root, alert.labels).map((route) => {
    const labels = groupLabelsFor(route, alert.labels);
    const key = groupKey(route, labels);
    let p = seen.get(key);
    if (!p) seen.set(key, (p = { dedupKey: dedupKeyOf(key), receiver: route.receiver, labels }));
    return p;
  });
  const value = placements.length === 1 ? placements[0]! : placements;
  byAlert.set(alert, value);
  return value;
}

/** Every alert group the alerts fall into, as Alertmanager's dispatcher forms them. */
export function alertGroups(tree: RoutingTree, alerts: Alert[]): Group[] {
  const groups = new Map<string, Group>();
  const seen = new Map<string, Placement>();
  const add = (p: Placement, alert: Alert) => {
    let group = groups.get(p.dedupKey);
    if (!group) groups.set(p.dedupKey, (group = { dedupKey: p.dedupKey, receiver: p.receiver, labels: p.labels, fingerprints: [], severities: [] }));
    group.fingerprints.push(alert.fingerprint);
    if (alert.labels.severity) group.severities.push(alert.labels.severity);
  };
  for (const alert of alerts) {
    const placed = placementsOf(tree, alert, seen);
    if (Array.isArray(placed)) for (const p of placed) add(p, alert);
    else add(placed, alert);
  }
  return [...groups.values()];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Alertmanager's `__subject` template: values of the group labels sorted by name, space-joined. */
export function defaultTitlePattern(groupLabels: Labels): RegExp {
  const values = Object.keys(groupLabels).sort(byteCompare).map((k) => escapeRe(groupLabels[k]!)).join(' ');
  return new RegExp(`^\\[FIRING:\\d+\\] ${values}(?: \\(.*\\))?\\s*$`);
}

const titleValues = (groupLabels: Labels): string =>
  Object.keys(groupLabels)
    .sort(byteCompare)
    .map((k) => groupLabels[k]!)
    .join(' ');

const WHITESPACE = /\s/;
const LINE_END = /[\n\r\u2028\u2029]/;

/**
 * Every label-values text a title can be the default description of (see defaultTitlePattern):
 * `[FIRING:n] <values>`, then optionally ` (…)`, then optional whitespace.
 */
export function namedValues(title: string): string[] {
  const head = /^\[FIRING:\d+\] /.exec(title);
  if (!head) return [];
  const rest = title.slice(head[0].length);
  let end = rest.length;
  while (end > 0 && WHITESPACE.test(rest[end - 1]!)) end--;
  const out: string[] = [];
  for (let p = end; p <= rest.length; p++) out.push(rest.slice(0, p));
  if (rest[end - 1] === ')') {
    for (let p = rest.indexOf(' (', 0); p !== -1 && p + 2 <= end - 1; p = rest.indexOf(' (', p + 1)) {
      if (!LINE_END.test(rest.slice(p + 2, end - 1))) out.push(rest.slice(0, p));
    }
  }
  return out;
}

/** What an alert or group with no incident holds: one shared list, not one per item (80,000 empty lists at scale). */
const NONE: IncidentLink[] = Object.freeze([]) as unknown as IncidentLink[];

export function correlate(tree: RoutingTree, alerts: Alert[], incidents: Incident[]): Correlation {
  const byAlert = new Map<string, IncidentLink[]>();
  for (const a of alerts) byAlert.set(a.fingerprint, NONE);
  const byIncident = new Map<string, GroupLink>();
  const byKey = new Map<string, Incident[]>();
  for (const i of incidents) if (i.incidentKey) byKey.set(i.incidentKey, [...(byKey.get(i.incidentKey) ?? []), i]);
  const groups = alertGroups(tree, alerts);

  const joined = new Map<Group, IncidentLink[]>();
  const join = (group: Group, incident: Incident, link: LinkKind) => {
    if (byIncident.has(incident.id)) return;
    const links = joined.get(group) ?? joined.set(group, []).get(group)!;
    links.push({ id: incident.id, number: incident.number, status: incident.status, link });
    const severity = mostSevere(group.severities);
    byIncident.set(incident.id, { labels: group.labels, receiver: group.receiver, firing: group.fingerprints.length, link, ...(severity ? { severity } : {}) });
    for (const fp of group.fingerprints) {
      let links = byAlert.get(fp)!;
      if (links === NONE) byAlert.set(fp, (links = []));
      if (!links.some((l) => l.id === incident.id)) links.push({ id: incident.id, number: incident.number, status: incident.status, link });
    }
  };
  for (const group of groups) for (const incident of byKey.get(group.dedupKey) ?? []) join(group, incident, 'exact');
  // Likely links only for incidents no key explained, and only to a group with labels to compare.
  // Each incident goes to the first group whose default title it is. Groups are found by the values
  // its title can name (an index), not by testing every group's pattern against every incident:
  // thousands of groups times thousands of incidents took seconds at every poll.
  const unexplained = incidents.filter((i) => !byIncident.has(i.id));
  const byValues = new Map<string, number[]>();
  groups.forEach((g, n) => {
    if (Object.keys(g.labels).length === 0) return;
    const values = titleValues(g.labels);
    const list = byValues.get(values);
    if (list) list.push(n);
    else byValues.set(values, [n]);
  });
  const likely = new Map<number, Incident[]>();
  for (const incident of unexplained) {
    let first: number | undefined;
    for (const values of namedValues(incident.title)) {
      for (const n of byValues.get(values) ?? []) {
        if ((first === undefined || n < first) && defaultTitlePattern(groups[n]!.labels).test(incident.title)) first = n;
      }
    }
    if (first !== undefined) likely.set(first, [...(likely.get(first) ?? []), incident]);
  }
  groups.forEach((group, n) => {
    for (const incident of likely.get(n) ?? []) join(group, incident, 'likely');
  });
  // slice: a list grown by push keeps room for 17 items; most groups hold two or three (4 MB at 35,000 groups).
  return { groups: groups.map((g) => ({ labels: g.labels, receiver: g.receiver, fingerprints: g.fingerprints.slice(), incidents: joined.get(g) ?? NONE })), byAlert, byIncident };
}
