import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oncallAgainst } from '../helpers/oncall.js';
import { startAlertmanager, waitFor, type AmServer } from '../helpers/alertmanager.js';
import { demoSeed, startFakePagerDuty, type FakePagerDuty } from '../helpers/pagerduty-fake.js';
import { startPrometheus, type PromServer } from '../helpers/prometheus.js';

/**
 * The whole chain, real where it can be: a Prometheus 2.42 alert rule fires and resolves, sends to a
 * real Alertmanager 0.25, which pages the PagerDuty fake through Events v2. `oncall timeline` must tell
 * that story in order, from Prometheus' ALERTS history, Alertmanager's silences and the incident's log.
 */
let prom: PromServer;
let am: AmServer;
let pd: FakePagerDuty;
let configDir: string;

const RULES = `
groups:
  - name: flapping
    rules:
      - alert: CheckoutErrors
        expr: vector(time() % 16) < 8
        labels: {service: checkout, severity: critical}
      - alert: Unrelated
        expr: vector(1)
        labels: {service: search, severity: warning}
`;

const AM_CONFIG = (pdUrl: string) => `
route:
  receiver: "null"
  group_by: [alertname, service]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - matchers: ['severity="critical"']
      receiver: pager
receivers:
  - name: "null"
  - name: pager
    pagerduty_configs:
      - routing_key: rk-checkout
        url: ${pdUrl}/v2/enqueue
`;

const oncall = (args: string[]) => oncallAgainst(configDir, { prometheus: prom.url, alertmanager: am.url, pagerduty: pd.url }, args);

beforeAll(async () => {
  const seed = demoSeed();
  seed.incidents = [];
  seed.services = [{ name: 'checkout', integrationKey: 'rk-checkout' }];
  pd = await startFakePagerDuty(seed);
  am = await startAlertmanager({ config: AM_CONFIG(pd.url) });
  prom = await startPrometheus({ rules: RULES, alertmanagerUrl: am.url });
  configDir = await mkdtemp(join(tmpdir(), 'oncall-timeline-'));
  // One whole cycle: the alert fired, paged, resolved, and the incident was resolved.
  await waitFor(async () => pd.state.incidents.some((i) => i.status === 'resolved'), 'an incident opened and resolved by Alertmanager', 40_000);
}, 90_000);

afterAll(async () => {
  await prom?.stop();
  await am?.stop();
  await pd?.close();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

type Event = { at: string; source: string; kind: string; subject: string; text: string };

describe('oncall timeline', () => {
  it('tells fired, paged, resolved in order for one service', async () => {
    // An alert counts as resolved once two evaluations pass without it: wait until Prometheus' history shows
    // the run that paged as resolved (a condition, not a sleep), then read the timeline.
    const paged = pd.state.incidents.find((i) => i.status === 'resolved')!;
    const triggeredAt = paged.log.find((l) => l.type === 'trigger_log_entry')!.createdAt.getTime();
    await waitFor(async () => {
      const runs = JSON.parse((await oncall(['alerts', '--resolved-within', '2m', '-o', 'json'])).out) as Array<{ resolvedAt: string }>;
      return runs.some((r) => Date.parse(r.resolvedAt) >= triggeredAt - 1000);
    }, 'the run that paged to show as resolved in Prometheus');
    const { code, out, err } = await oncall(['timeline', '--since', '2m', '--service', 'checkout', '-o', 'json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const events = JSON.parse(out) as Event[];
    expect(events.every((e) => !e.subject.includes('Unrelated'))).toBe(true);
    const times = events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const resolved = pd.state.incidents.find((i) => i.status === 'resolved')!;
    const own = events.filter((e) => e.subject === `#${resolved.number} ${resolved.title}`);
    expect(own.map((e) => e.kind)).toEqual(expect.arrayContaining(['incident_trigger', 'incident_resolve']));
    const trigger = own.find((e) => e.kind === 'incident_trigger')!;
    const resolve = own.find((e) => e.kind === 'incident_resolve')!;
    // The run that paged: it fired (a rule evaluation) before the trigger, and was last seen firing
    // after the trigger and before the incident resolved. PagerDuty keeps whole seconds: allow one.
    const at = (e: Event) => Date.parse(e.at);
    const alertEvents = events.filter((e) => e.subject.startsWith('CheckoutErrors{'));
    const paging = alertEvents.findIndex((e, n) => e.kind === 'alert_fired' && at(e) <= at(trigger) + 1000 && alertEvents[n + 1]?.kind === 'alert_resolved' && at(alertEvents[n + 1]!) >= at(trigger));
    expect(paging).toBeGreaterThanOrEqual(0);
    expect(at(alertEvents[paging + 1]!)).toBeLessThanOrEqual(at(resolve) + 1000);
    expect(events.every((e) => ['prometheus', 'alertmanager', 'pagerduty'].includes(e.source))).toBe(true);
  });

  it('lists alerts that fired and resolved within the window', async () => {
    const { code, out } = await oncall(['alerts', '--resolved-within', '2m', '-o', 'json']);
    expect(code).toBe(0);
    const runs = JSON.parse(out) as Array<{ labels: Record<string, string>; firedAt: string; resolvedAt: string }>;
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.labels.alertname === 'CheckoutErrors' && Date.parse(r.resolvedAt) >= Date.parse(r.firedAt))).toBe(true);
  });

  it('still answers when PagerDuty is down, and names it', async () => {
    await pd.close();
    const { code, out, err } = await oncall(['timeline', '--since', '2m', '-o', 'json']);
    expect(code).toBe(1);
    expect(err).toMatch(/timeline: pagerduty: .*(refused|reach)/i);
    expect((JSON.parse(out) as Event[]).some((e) => e.source === 'prometheus')).toBe(true);
  });
});
