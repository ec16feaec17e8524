import type { Alert, AlertGroup, Silence } from '../../domain/types.js';

/** HA peers hold copies of the same alerts and silences: keep one of each, the most recently updated. */

function newer<T extends { updatedAt?: Date }>(a: T, b: T): T {
  return (b.updatedAt?.getTime() ?? 0) > (a.updatedAt?.getTime() ?? 0) ? b : a;
}

function dedupe<T extends { updatedAt?: Date }>(lists: T[][], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const list of lists) {
    for (const item of list) {
      const k = key(item);
      const seen = byKey.get(k);
      byKey.set(k, seen ? newer(seen, item) : item);
    }
  }
  return [...byKey.values()];
}

export function mergeAlerts(lists: Alert[][]): Alert[] {
  return dedupe(lists, (a) => a.fingerprint);
}

export function mergeSilences(lists: Silence[][]): Silence[] {
  return dedupe(lists, (s) => s.id);
}

function groupKey(g: AlertGroup): string {
  const labels = Object.keys(g.labels)
    .sort()
    .map((k) => [k, g.labels[k]]);
  return JSON.stringify([g.receiver, labels]);
}

/** Groups with the same receiver and group labels are one group; their alerts are deduped. */
export function mergeGroups(lists: AlertGroup[][]): AlertGroup[] {
  const byKey = new Map<string, { group: AlertGroup; alerts: Alert[][] }>();
  for (const list of lists) {
    for (const group of list) {
      const k = groupKey(group);
      const seen = byKey.get(k);
      if (seen) seen.alerts.push(group.alerts);
      else byKey.set(k, { group, alerts: [group.alerts] });
    }
  }
  return [...byKey.values()].map(({ group, alerts }) => ({ ...group, alerts: mergeAlerts(alerts) }));
}
