/**
 * Synthetic data at scale for one context: alerts in groups of alertname × service, incidents of
 * which a quarter carry the dedup key Alertmanager sent for a group (exact join), a quarter carry its
 * default title (likely join) and the rest match nothing, and the routing tree that groups them.
 */
import { parse } from 'yaml';
import { alertGroups } from '../../src/domain/correlation.js';
import { routingTreeFrom, type RoutingTree } from '../../src/domain/routing.js';
import type { Alert, Incident } from '../../src/domain/types.js';
import { toAlerts } from '../../src/sources/alertmanager/mappers.js';

const SEVERITIES = ['critical', 'warning', 'info'];

export const ROUTES: RoutingTree = routingTreeFrom(
  parse(`
route:
  receiver: pd
  group_by: [alertname, service]
  routes:
    - receiver: pd
      matchers: [severity="critical"]
receivers:
  - name: pd
    pagerduty_configs: [{ routing_key: x }]
`),
);

/**
 * One context's `GET /api/v2/alerts` answer as Alertmanager 0.25 writes it: every alert with its
 * three times (one rule evaluation's alerts share updatedAt and endsAt, which move on at each
 * `round`), its receivers and its generator URL. Alert 0 is left out of odd rounds, so a round's
 * answer differs from the last in its count too.
 */
export function alertsAnswer(n: number, now: number, tag = '', round = 0): string {
  const updatedAt = new Date(now + round * 60_000).toISOString();
  const endsAt = new Date(now + round * 60_000 + 4 * 60_000).toISOString();
  const alerts = [];
  for (let i = round % 2; i < n; i++) {
    const alertname = `Alert${i % 120}`;
    alerts.push({
      annotations: { summary: `something is wrong on host-${i}`, runbook_url: `https://runbooks.example.com/${i % 120}` },
      endsAt,
      fingerprint: `${tag}fp${i.toString(16).padStart(8, '0')}`,
      receivers: [{ name: 'pd' }],
      startsAt: new Date(now - (i % 5000) * 60_000).toISOString(),
      status: { inhibitedBy: [], silencedBy: i % 10 === 0 ? ['sil'] : [], state: i % 10 === 0 ? 'suppressed' : 'active' },
      updatedAt,
      generatorURL: `http://prometheus:9090/graph?g0.expr=up%7Bjob%3D%22${alertname}%22%7D+%3D%3D+0&g0.tab=1`,
      labels: { alertname, service: `svc-${i % 37}`, severity: SEVERITIES[i % 3]!, instance: `${tag}host-${i}:9100`, job: 'node' },
    });
  }
  return JSON.stringify(alerts);
}

/** The alerts of alertsAnswer as oncall reads them (parsed and decoded as the Alertmanager client does). */
export function makeAlerts(n: number, now: number, tag = '', round = 0): Alert[] {
  return toAlerts(JSON.parse(alertsAnswer(n, now, tag, round)), 'alertmanager');
}

export function makeIncidents(n: number, alerts: Alert[], now: number, tag = ''): Incident[] {
  const groups = alertGroups(ROUTES, alerts);
  return Array.from({ length: n }, (_, i) => {
    const g = groups[i % groups.length]!;
    const values = Object.keys(g.labels).sort().map((k) => g.labels[k]).join(' ');
    const kind = i % 4;
    return {
      id: `${tag}P${i.toString(36).toUpperCase().padStart(6, '0')}`,
      number: 1000 + i,
      title: kind === 1 ? `[FIRING:${g.fingerprints.length}] ${values}` : `Incident ${i}: elevated error rate on svc-${i % 37}`,
      status: i % 3 === 0 ? 'acknowledged' : 'triggered',
      urgency: i % 2 === 0 ? 'high' : 'low',
      service: { id: `S${i % 37}`, name: `svc-${i % 37}` },
      assignees: [{ id: 'U1', name: 'Ada Lovelace' }],
      createdAt: new Date(now - i * 90_000),
      ...(kind === 0 ? { incidentKey: g.dedupKey } : {}),
    };
  });
}
