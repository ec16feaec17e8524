import { matchesAll } from '../../domain/matchers.js';
import type { Labels, Matcher } from '../../domain/types.js';
import { alertLess, fingerprint, labelsBefore, sortBy } from './labels.js';
import { AmError, type SilenceStore } from './silences.js';

/** Alerts as Alertmanager holds them, with silencing and inhibition computed at read time. */

export interface StoredAlert {
  fingerprint: string;
  labels: Labels;
  annotations: Labels;
  startsAt: number;
  endsAt: number;
  updatedAt: number;
  generatorURL?: string;
}

export interface InhibitRule {
  source: Matcher[];
  target: Matcher[];
  equal: string[];
}

export interface AlertStatus {
  state: 'active' | 'suppressed' | 'unprocessed';
  silencedBy: string[];
  inhibitedBy: string[];
}

export interface PostableAlert {
  labels: Labels;
  annotations?: Labels;
  startsAt?: number;
  endsAt?: number;
  generatorURL?: string;
}

/** An alert posted without endsAt resolves after this long unless it is posted again. */
export const RESOLVE_TIMEOUT_MS = 5 * 60_000;

export class AlertStore {
  private readonly alerts = new Map<string, StoredAlert>();

  constructor(
    private readonly now: () => number,
    private readonly silences: SilenceStore,
    private readonly inhibitRules: InhibitRule[],
  ) {}

  /** POST /alerts: every alert is validated first, like api.insertAlerts, then merged by fingerprint. */
  put(input: PostableAlert[]): void {
    const now = this.now();
    const errors: string[] = [];
    for (const a of input) {
      const startsAt = a.startsAt ?? a.endsAt ?? now;
      const endsAt = a.endsAt ?? now + RESOLVE_TIMEOUT_MS;
      if (Object.keys(a.labels).length === 0) {
        errors.push('at least one label pair required');
        continue;
      }
      if (endsAt < startsAt) {
        errors.push('start time must be before end time');
        continue;
      }
      const fp = fingerprint(a.labels);
      const old = this.alerts.get(fp);
      // A still-firing alert keeps its original start, as the provider's merge does.
      const keepStart = old && old.endsAt >= startsAt && old.startsAt <= startsAt ? old.startsAt : startsAt;
      this.alerts.set(fp, {
        fingerprint: fp,
        labels: { ...a.labels },
        annotations: { ...(a.annotations ?? {}) },
        startsAt: keepStart,
        endsAt,
        updatedAt: now,
        generatorURL: a.generatorURL,
      });
    }
    if (errors.length > 0) throw new AmError(400, errors.join(';'));
  }

  /** What Prometheus does when an alert stops firing: send it again with its end time. */
  resolve(fp: string, at: number): void {
    const a = this.alerts.get(fp);
    if (a && a.endsAt > at) this.alerts.set(fp, { ...a, endsAt: at, updatedAt: this.now() });
  }

  /** Firing alerts only: Alertmanager drops resolved ones from its API. */
  firing(): StoredAlert[] {
    const now = this.now();
    return [...this.alerts.values()].filter((a) => a.endsAt > now);
  }

  /** Forgets resolved alerts so a long demo does not grow without bound. */
  collect(): void {
    const cutoff = this.now() - RESOLVE_TIMEOUT_MS;
    for (const [fp, a] of this.alerts) if (a.endsAt < cutoff) this.alerts.delete(fp);
  }

  status(alert: StoredAlert, firing: StoredAlert[]): AlertStatus {
    const silencedBy = this.silences.silencing(alert.labels);
    const inhibitedBy: string[] = [];
    for (const rule of this.inhibitRules) {
      if (!matchesAll(rule.target, alert.labels)) continue;
      const alsoSource = matchesAll(rule.source, alert.labels);
      const source = firing.find(
        (s) =>
          s.fingerprint !== alert.fingerprint &&
          matchesAll(rule.source, s.labels) &&
          // An alert matching both sides cannot inhibit one that also matches both.
          !(alsoSource && matchesAll(rule.target, s.labels)) &&
          rule.equal.every((l) => (s.labels[l] ?? '') === (alert.labels[l] ?? '')),
      );
      if (source) {
        inhibitedBy.push(source.fingerprint);
        break;
      }
    }
    const state = silencedBy.length > 0 || inhibitedBy.length > 0 ? 'suppressed' : 'active';
    return { state, silencedBy, inhibitedBy };
  }

  /** Firing alerts with their status, in Alertmanager's order (by fingerprint). */
  withStatus(): Array<{ alert: StoredAlert; status: AlertStatus }> {
    const firing = this.firing();
    return firing
      .map((alert) => ({ alert, status: this.status(alert, firing) }))
      .sort((a, b) => (a.alert.fingerprint < b.alert.fingerprint ? -1 : a.alert.fingerprint > b.alert.fingerprint ? 1 : 0));
  }
}

export interface Group<T> {
  labels: Labels;
  alerts: T[];
}

/** Groups by the route's group_by labels (those present), sorted like dispatch.AlertGroups. */
export function groupAlerts<T extends { alert: StoredAlert }>(items: T[], groupBy: string[]): Array<Group<T>> {
  const groups = new Map<string, Group<T>>();
  for (const item of items) {
    const labels: Labels = {};
    for (const l of groupBy) if (item.alert.labels[l] !== undefined) labels[l] = item.alert.labels[l]!;
    const key = fingerprint(labels);
    const g = groups.get(key) ?? { labels, alerts: [] };
    g.alerts.push(item);
    groups.set(key, g);
  }
  const out = [...groups.values()];
  for (const g of out) sortBy(g.alerts, (a, b) => alertLess(a.alert.labels, b.alert.labels));
  return sortBy(out, (a, b) => labelsBefore(a.labels, b.labels));
}
