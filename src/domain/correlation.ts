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

export interface Correlation {
  /** Every alert group the alerts form, with its incidents. */
  groups: JoinedGroup[];
  /** By alert fingerprint; an alert with no incident has an empty list. */
  byAlert: Map<string, IncidentLink[]>;
  /** By incident id; an incident with no group is absent. */
  byIncident: Map<string, GroupLink>;
}

interface Group {
  key: string;
  dedupKey: string;
  receiver: string;
  labels: Labels;
  fingerprints: string[];
  severities: string[];
}

const SEVERITY_RANK = ['critical', 'page', 'error', 'warning', 'info'];
const mostSevere = (all: string[]) => [...all].sort((a, b) => (SEVERITY_RANK.indexOf(a) + 1 || 99) - (SEVERITY_RANK.indexOf(b) + 1 || 99))[0];

export const dedupKeyOf = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Every alert group the alerts fall into, as Alertmanager's dispatcher forms them. */
export function alertGroups(tree: RoutingTree, alerts: Alert[]): Group[] {
  const groups = new Map<string, Group>();
  for (const alert of alerts) {
    for (const route of matchRoutes(tree.root, alert.labels)) {
      const labels = groupLabelsFor(route, alert.labels);
      const key = groupKey(route, labels);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { key, dedupKey: dedupKeyOf(key), receiver: route.receiver, labels, fingerprints: [], severities: [] }));
      group.fingerprints.push(alert.fingerprint);
      if (alert.labels.severity) group.severities.push(alert.labels.severity);
    }
  }
  return [...groups.values()];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Alertmanager's `__subject` template: values of the group labels sorted by name, space-joined. */
export function defaultTitlePattern(groupLabels: Labels): RegExp {
  const values = Object.keys(groupLabels).sort(byteCompare).map((k) => escapeRe(groupLabels[k]!)).join(' ');
  return new RegExp(`^\\[FIRING:\\d+\\] ${values}(?: \\(.*\\))?\\s*$`);
}

export function correlate(tree: RoutingTree, alerts: Alert[], incidents: Incident[]): Correlation {
  const byAlert = new Map<string, IncidentLink[]>(alerts.map((a) => [a.fingerprint, []]));
  const byIncident = new Map<string, GroupLink>();
  const byKey = new Map<string, Incident[]>();
  for (const i of incidents) if (i.incidentKey) byKey.set(i.incidentKey, [...(byKey.get(i.incidentKey) ?? []), i]);
  const groups = alertGroups(tree, alerts);

  const joined = new Map<Group, IncidentLink[]>(groups.map((g) => [g, []]));
  const join = (group: Group, incident: Incident, link: LinkKind) => {
    if (byIncident.has(incident.id)) return;
    joined.get(group)!.push({ id: incident.id, number: incident.number, status: incident.status, link });
    const severity = mostSevere(group.severities);
    byIncident.set(incident.id, { labels: group.labels, receiver: group.receiver, firing: group.fingerprints.length, link, ...(severity ? { severity } : {}) });
    for (const fp of group.fingerprints) {
      const links = byAlert.get(fp)!;
      if (!links.some((l) => l.id === incident.id)) links.push({ id: incident.id, number: incident.number, status: incident.status, link });
    }
  };
  for (const group of groups) for (const incident of byKey.get(group.dedupKey) ?? []) join(group, incident, 'exact');
  // Likely links only for incidents no key explained, and only to a group with labels to compare.
  const unexplained = incidents.filter((i) => !byIncident.has(i.id));
  for (const group of groups) {
    if (Object.keys(group.labels).length === 0) continue;
    const pattern = defaultTitlePattern(group.labels);
    for (const incident of unexplained) if (pattern.test(incident.title)) join(group, incident, 'likely');
  }
  return { groups: groups.map((g) => ({ labels: g.labels, receiver: g.receiver, fingerprints: g.fingerprints, incidents: joined.get(g)! })), byAlert, byIncident };
}
