import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateContext } from '../../src/domain/config.js';
import { parseSloConfig } from '../../src/domain/slo/config.js';
import type { Alert } from '../../src/domain/types.js';
import { startDemoStack, type DemoStack } from '../../src/demo/stack.js';
import { AlertmanagerClient } from '../../src/sources/alertmanager/client.js';
import { PagerDutyClient } from '../../src/sources/pagerduty/client.js';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';
import { complianceExpr } from '../../src/sources/prometheus/slo/promql.js';
import { evaluateSlos } from '../../src/sources/prometheus/slo/evaluate.js';
import { resolveSlos } from '../../src/sources/prometheus/slo/reader.js';

/** The demo stack driven by the real clients, with a clock the test moves. */

let clock = new Date('2026-11-23T10:00:00Z').getTime();
const now = (): Date => new Date(clock);
let stack: DemoStack;
let am: AlertmanagerClient;
let pd: PagerDutyClient;

beforeAll(async () => {
  // The test steps the world itself with tick(); the timer stays out of the way.
  stack = await startDemoStack({ now, seed: 42, tickMs: 3600_000 });
  am = new AlertmanagerClient({ baseURL: stack.alertmanagerUrl, name: 'alertmanager' }, now);
  pd = new PagerDutyClient({ transport: { baseURL: stack.pagerdutyUrl, name: 'pagerduty' }, token: stack.pagerdutyToken, from: stack.pagerdutyFrom, now });
});

afterAll(async () => {
  await stack?.stop();
});

const firing = (alerts: Alert[], alertname: string, service: string): Alert | undefined =>
  alerts.find((a) => a.labels.alertname === alertname && a.labels.service === service && a.labels.severity !== 'warning');

describe('the demo stack', () => {
  it('hands out a context block that the config validator and the SLO parser accept', () => {
    const { context } = validateContext('demo', stack.contextConfig);
    expect(context.prometheus?.url).toBe(stack.prometheusUrl);
    expect(context.alertmanager?.urls).toEqual([stack.alertmanagerUrl]);
    expect(parseSloConfig(context.slos ?? []).map((s) => s.name)).toEqual([
      'Website availability', 'API availability', 'Transaction success', 'Order processing', 'Search', 'Checkout completion',
    ]);
  });

  it('serves a few dozen alerts across services and severities, some silenced, some inhibited', async () => {
    const alerts = await am.alerts();
    expect(alerts.length).toBeGreaterThanOrEqual(18);
    expect(new Set(alerts.map((a) => a.labels.service))).toEqual(new Set(['web', 'api', 'payments', 'orders', 'search', 'checkout']));
    expect(new Set(alerts.map((a) => a.labels.severity))).toEqual(new Set(['critical', 'warning', 'info']));
    expect(alerts.filter((a) => a.silencedBy.length > 0).map((a) => a.labels.alertname).sort()).toEqual(['CertificateExpiringSoon', 'DiskSpaceLow', 'SearchIndexLag']);
    const inhibited = alerts.filter((a) => a.inhibitedBy.length > 0);
    expect(inhibited.map((a) => `${a.labels.alertname}/${a.labels.service}`).sort()).toEqual(
      expect.arrayContaining(['HighCPU/search', 'OrdersQueueBacklog/orders', 'TransactionFailureRateHigh/payments']),
    );
    for (const a of inhibited) expect(a.state).toBe('suppressed');
    const tx = firing(alerts, 'TransactionFailureRateHigh', 'payments')!;
    expect(tx.annotations).toMatchObject({ summary: expect.any(String), description: expect.any(String), runbook_url: expect.stringContaining('TransactionFailureRateHigh') });
    expect(tx.generatorURL).toContain(stack.prometheusUrl);
    const groups = await am.alertGroups();
    expect(groups.length).toBeGreaterThan(10);
  });

  it('silences an alert for real, extends the silence in place, and expires it', async () => {
    const target = (await am.alerts()).find((a) => a.labels.alertname === 'APIErrorRateElevated')!;
    expect(target.state).toBe('active');
    const matchers = [
      { name: 'alertname', value: 'APIErrorRateElevated', isRegex: false, isEqual: true },
      { name: 'service', value: 'api', isRegex: false, isEqual: true },
    ];
    const id = await am.createSilence({ matchers, startsAt: now(), endsAt: new Date(clock + 3600_000), createdBy: 'ada@example.com', comment: 'ACK! looking' });
    const silenced = (await am.alerts()).find((a) => a.fingerprint === target.fingerprint)!;
    expect(silenced).toMatchObject({ state: 'suppressed', silencedBy: [id] });
    const extended = await am.extendSilence(id, 3600_000);
    expect(extended).toMatchObject({ id, replaced: false });
    await am.expireSilence(id);
    expect((await am.silence(id)).state).toBe('expired');
    expect((await am.alerts()).find((a) => a.fingerprint === target.fingerprint)!.state).toBe('active');
    await expect(am.expireSilence('6e0a9a3c-1111-4444-8888-123456789abc')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('lists the seed silences in every state', async () => {
    const states = new Set((await am.silences()).map((s) => s.state));
    expect(states).toEqual(new Set(['active', 'pending', 'expired']));
  });

  it('has incidents in every state, some titled like alerts, and two people on call', async () => {
    const incidents = await pd.incidents({ statuses: ['triggered', 'acknowledged', 'resolved'] });
    expect(new Set(incidents.map((i) => i.status))).toEqual(new Set(['triggered', 'acknowledged', 'resolved']));
    expect(incidents.map((i) => i.title)).toContain('[FIRING:1] TransactionFailureRateHigh payments');
    const oncalls = await pd.oncalls();
    expect(oncalls.map((o) => [o.user.name, o.level]).sort()).toEqual([['Ada Lovelace', 1], ['Grace Hopper', 2]]);
  });

  it('acknowledges, notes and resolves incidents through the real client', async () => {
    const open = (await pd.incidents({ statuses: ['triggered'] })).find((i) => i.title.includes('APIErrorRateElevated'))!;
    const [acked] = await pd.acknowledge([open.id]);
    expect(acked!.status).toBe('acknowledged');
    const note = await pd.addNote(open.id, 'Rolling back the 14:05 deploy');
    expect(note.content).toBe('Rolling back the 14:05 deploy');
    const [resolved] = await pd.resolve([open.id]);
    expect(resolved!.status).toBe('resolved');
    expect((await pd.incident(open.id)).status).toBe('resolved');
  });

  it('evaluates the SLA table through the real Prometheus client: one breached, one at risk, four healthy', async () => {
    const prom = new PrometheusClient({ baseURL: stack.prometheusUrl, name: 'prometheus' });
    const { definitions: defs } = await resolveSlos(prom, parseSloConfig(stack.contextConfig.slos as unknown[]));
    expect(defs).toHaveLength(6);
    const reports = await evaluateSlos(prom, defs, now());
    const statuses = Object.fromEntries(reports.map((r) => [r.name, r.status]));
    expect(statuses).toEqual({
      'Website availability': 'healthy',
      'API availability': 'at_risk',
      'Transaction success': 'breached',
      'Order processing': 'healthy',
      Search: 'healthy',
      'Checkout completion': 'healthy',
    });
    for (const r of reports) {
      expect(r.error, r.name).toBeUndefined();
      expect(Object.values(r.burnRates).every((b) => b !== null), r.name).toBe(true);
      expect(r.trend.length, r.name).toBeGreaterThan(50);
    }
    expect((await prom.buildInfo()).version).toMatch(/^2\./);
    // A query no demo SLO sends is refused by name, not answered with made-up data.
    await expect(prom.query('rate(http_requests_total[5m] offset 1h)')).rejects.toThrow(/answers only the queries oncall builds for the demo's SLOs, and not this one: rate\(http_requests_total\[5m\] offset 1h\)/);
  });

  it('moves with the clock: flapping alerts fire and resolve, and a critical one pages', async () => {
    const names = async (): Promise<Set<string>> => new Set((await am.alerts()).map((a) => a.fingerprint));
    const before = await names();
    const incidentsBefore = (await pd.incidents({ statuses: ['triggered', 'acknowledged', 'resolved'] })).length;
    clock += 45 * 60_000;
    const after = await names();
    expect([...after].some((fp) => !before.has(fp))).toBe(true);
    expect([...before].some((fp) => !after.has(fp))).toBe(true);
    // Within a few hours some critical flapping alert starts firing, and the world opens an incident for it.
    const all = () => pd.incidents({ statuses: ['triggered', 'acknowledged', 'resolved'] });
    let paged: string[] = [];
    for (let step = 0; step < 24 && paged.length === 0; step++) {
      clock += 10 * 60_000;
      stack.tick();
      paged = (await all()).slice(incidentsBefore).map((i) => i.title);
    }
    expect(paged[0]).toMatch(/^\[FIRING:1\] (HTTP5xxSpike web|EndpointDown checkout|OrderConfirmationSlow orders)$/);
    // ...and resolves it once the alert stops.
    for (let step = 0; step < 24; step++) {
      clock += 10 * 60_000;
      stack.tick();
      if ((await all()).find((i) => i.title === paged[0])?.status === 'resolved') break;
    }
    expect((await all()).find((i) => i.title === paged[0])?.status).toBe('resolved');
  });

  it('answers SLO queries from its Prometheus', async () => {
    const tx = parseSloConfig(stack.contextConfig.slos as unknown[]).find((d) => d.name === 'Transaction success')!;
    const res = await fetch(`${stack.prometheusUrl}/api/v1/query?${new URLSearchParams({ query: complianceExpr(tx)! })}`);
    const body = (await res.json()) as { data: { result: Array<{ value: [number, string] }> } };
    const value = Number(body.data.result[0]!.value[1]);
    expect(value).toBeGreaterThan(0.995);
    expect(value).toBeLessThan(0.998);
    const rules = (await (await fetch(`${stack.prometheusUrl}/api/v1/rules?type=alert`)).json()) as { data: { groups: Array<{ rules: Array<{ state: string }> }> } };
    expect(rules.data.groups[0]!.rules.some((r) => r.state === 'firing')).toBe(true);
  });
});
