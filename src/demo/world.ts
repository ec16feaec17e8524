import type { AlertStore } from './alertmanager/alerts.js';
import type { Labels } from '../domain/types.js';
import { fingerprint } from './alertmanager/labels.js';
import type { FakePagerDuty, FakePdOptions } from './pagerduty/index.js';
import type { WireRuleGroup } from './prometheus/server.js';
import { ALERTS, alertLabels, schedule, type AlertDef, type Firing } from './world/alerts.js';
import { incidentFor, incidentKey, pagerDutySeed } from './world/incidents.js';
import { buildMetrics, type Metrics } from './world/metrics.js';
import { runbookUrl } from './world/runbooks.js';

/**
 * The demo's world, driven by a clock: metrics as functions of time, alerts that fire and resolve
 * on a seeded schedule, and PagerDuty incidents that open when a critical alert starts firing and
 * resolve when it stops. Everything is computed from (seed, start, now), so it is reproducible.
 */

const RESEND_MS = 4 * 60_000;

export interface WorldOptions {
  now: () => Date;
  seed: number;
}

export class World {
  /** Unix seconds, on the minute: the demo's "start", which the story is placed around. */
  readonly anchor: number;
  readonly metrics: Metrics;
  prometheusUrl = 'http://127.0.0.1:9090';
  /** Where the stack serves the runbooks; set before the first alert is posted. */
  runbookBaseUrl = 'http://127.0.0.1:9091/runbooks';
  private readonly paged = new Set<string>();

  constructor(private readonly opts: WorldOptions) {
    this.anchor = Math.floor(opts.now().getTime() / 60_000) * 60;
    this.metrics = buildMetrics(this.anchor, opts.seed);
  }

  private seconds(): number {
    return this.opts.now().getTime() / 1000;
  }

  private annotations(def: AlertDef): Record<string, string> {
    return {
      summary: def.summary,
      description: def.description,
      ...(def.runbook ? { runbook_url: runbookUrl(this.runbookBaseUrl, def.alertname) } : {}),
    };
  }

  private generatorUrl(def: AlertDef): string {
    return `${this.prometheusUrl}/graph?g0.expr=${encodeURIComponent(def.expr)}&g0.tab=1`;
  }

  private states(t: number): Array<{ def: AlertDef; index: number; firing: boolean; startsAt: number; endsAt: number }> {
    return ALERTS.map((def, index) => ({ def, index, ...schedule(def, index, t, this.anchor, this.opts.seed) }));
  }

  /** Posts what fires now (and resolves what stopped), as Prometheus would on each evaluation. */
  syncAlerts(store: AlertStore): void {
    const nowMs = this.opts.now().getTime();
    for (const s of this.states(nowMs / 1000)) {
      const labels = alertLabels(s.def);
      if (s.firing) {
        store.put([{ labels, annotations: this.annotations(s.def), startsAt: s.startsAt * 1000, endsAt: nowMs + RESEND_MS, generatorURL: this.generatorUrl(s.def) }]);
      } else {
        store.resolve(fingerprint(labels), Math.min(nowMs, s.endsAt * 1000));
      }
    }
    store.collect();
  }

  /** Pages for critical alerts that started firing during the demo; resolves them when they stop. */
  syncIncidents(pd: FakePagerDuty): void {
    const t = this.seconds();
    for (const s of this.states(t)) {
      if (s.def.severity !== 'critical' || s.def.period === undefined) continue;
      const key = incidentKey(s.def.alertname, s.def.service);
      const open = pd.state.incidents.find((i) => i.incidentKey === key && i.status !== 'resolved');
      const episode = `${s.index}@${s.startsAt}`;
      if (s.firing && s.startsAt >= this.anchor && !open && !this.paged.has(episode)) {
        this.paged.add(episode);
        const firing: Firing = { def: s.def, labels: alertLabels(s.def), startsAt: s.startsAt };
        pd.addIncident(incidentFor(firing));
      } else if (!s.firing && open && this.paged.has(episode)) {
        open.status = 'resolved';
        open.updatedAt = new Date(s.endsAt * 1000);
      }
    }
    // The fake records every request for tests; a demo left running should not grow forever.
    if (pd.requests.length > 1000) pd.requests.splice(0, pd.requests.length - 1000);
  }

  pagerDutySeed(): FakePdOptions {
    return { ...pagerDutySeed(this.anchor * 1000), now: this.opts.now };
  }

  /** Recording rules, and one alerting rule per alert with its current state. */
  /**
   * Prometheus' `ALERTS{alertstate="firing"}` samples over [start, end] (seconds), one per minute as a
   * rule evaluation would write them, for `oncall timeline` and `alerts --resolved-within`.
   */
  alertHistory(start: number, end: number): Array<{ metric: Labels; values: Array<[number, string]> }> {
    const out = new Map<number, { metric: Labels; values: Array<[number, string]> }>();
    for (let t = Math.ceil(start / 60) * 60; t <= end; t += 60) {
      for (const st of this.states(t)) {
        if (!st.firing) continue;
        let series = out.get(st.index);
        if (!series) out.set(st.index, (series = { metric: { __name__: 'ALERTS', alertstate: 'firing', ...alertLabels(st.def) }, values: [] }));
        series.values.push([t, '1']);
      }
    }
    return [...out.values()];
  }

  rules(): WireRuleGroup[] {
    const t = this.seconds();
    const alerting: WireRuleGroup = {
      name: 'demo.alerts',
      file: '/etc/prometheus/rules/alerts.yml',
      interval: 60,
      rules: this.states(t).map((s) => ({
        type: 'alerting' as const,
        name: s.def.alertname,
        query: s.def.expr,
        duration: 300,
        labels: { severity: s.def.severity, service: s.def.service },
        annotations: this.annotations(s.def),
        state: s.firing ? ('firing' as const) : ('inactive' as const),
        alerts: s.firing
          ? [{ labels: alertLabels(s.def), annotations: this.annotations(s.def), state: 'firing', activeAt: new Date(s.startsAt * 1000).toISOString(), value: '1e+00' }]
          : [],
      })),
    };
    return [...this.metrics.rules, alerting];
  }
}
