/**
 * Burn-rate thresholds read from the alert rules a real Prometheus 2.42 serves: Sloth's generated
 * alerts (14.4/6 page, 3/1 ticket) and Pyrra's (14/7/2/1 over 1h/6h/1d/4d). The recorded series
 * the alerts compare are backfilled for the last minutes before E only: the thresholds and the
 * headroom need nothing older.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SloReport } from '../../src/domain/slo/types.js';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';
import { evaluateSlos } from '../../src/sources/prometheus/slo/evaluate.js';
import { discoverSlos } from '../../src/sources/prometheus/slo/reader.js';
import { openMetricsDocument, openMetricsGauge, startPrometheus, type PromServer } from '../helpers/prometheus.js';

const MIN = 60;
const E = Math.floor(Date.now() / 1000 / 3600) * 3600 - 2 * 3600;
const NOW = new Date(E * 1000);

const SLOTH = { sloth_id: 'web-requests', sloth_service: 'web', sloth_slo: 'requests' };
// Over a 0.1% budget: 5m 100×, 1h 66.7×, 30m 100×, 6h 11.1× (both pages fire); 2h 33×, 1d 2.78×, 3d 0.93×, no ticket.
const slothRatios: Record<string, number> = { '5m': 0.1, '30m': 0.1, '1h': 400 / 6000, '2h': 400 / 12000, '6h': 400 / 36000, '1d': 400 / 144000, '3d': 400 / 432000, '30d': 3400 / 4_320_000 };
// Over a 1% budget: 1h 9× and 5m 20× (under Pyrra's 14×), 6h 7.5× and 30m 8× (over its 7×: it pages).
const pyrraRatios: Record<string, number> = { '5m': 0.2, '30m': 0.08, '1h': 0.09, '2h': 0.01, '6h': 0.075, '1d': 0.01, '4d': 0.005 };

const history = openMetricsDocument(
  ...Object.entries(slothRatios).map(([w, v]) => openMetricsGauge(`slo:sli_error:ratio_rate${w}`, { ...SLOTH, sloth_window: w }, E - 10 * MIN, E, MIN, () => v)),
  ...Object.entries(pyrraRatios).map(([w, v]) => openMetricsGauge(`http_requests:burnrate${w}`, { slo: 'api-pyrra' }, E - 10 * MIN, E, MIN, () => v)),
  openMetricsGauge('pyrra_availability', { slo: 'api-pyrra' }, E - 10 * MIN, E, MIN, () => 0.995),
);

/** One window pair of Sloth's generated burn alert, as Sloth writes it. */
const slothCondition = (factor: number, short: string, long: string) =>
  '(' + [short, long].map((w) => `max(slo:sli_error:ratio_rate${w}{sloth_id="web-requests", sloth_service="web", sloth_slo="requests"} > (${factor} * 0.0009999999999999432)) without (sloth_window)`).join(' and ') + ')';
const slothRule = (w: string) => `      - record: slo:sli_error:ratio_rate${w}
        expr: (sum(rate(http_requests_total{job="api",code="500"}[${w}]))) / (sum(rate(http_requests_total{job="api"}[${w}])))
        labels: {sloth_id: web-requests, sloth_service: web, sloth_slo: requests, sloth_window: ${w}}`;
const rules = `groups:
  - name: sloth-slo-sli-recordings-web-requests
    rules:
${Object.keys(slothRatios).map(slothRule).join('\n')}
      - record: slo:objective:ratio
        expr: vector(0.9990000000000001)
        labels: {sloth_id: web-requests, sloth_service: web, sloth_slo: requests}
  - name: sloth-slo-alerts-web-requests
    rules:
      - alert: WebRequestsHighErrorRate
        expr: ${slothCondition(14.4, '5m', '1h')} or ${slothCondition(6, '30m', '6h')}
        labels: {sloth_severity: page, severity: critical}
      - alert: WebRequestsHighErrorRateTicket
        expr: ${slothCondition(3, '2h', '1d')} or ${slothCondition(1, '6h', '3d')}
        labels: {sloth_severity: ticket, severity: warning}
  - name: pyrra-api-pyrra
    rules:
      - record: pyrra_objective
        expr: vector(0.99)
        labels: {slo: api-pyrra}
      - record: pyrra_window
        expr: vector(2419200)
        labels: {slo: api-pyrra}
${([[14, '5m', '1h', 'critical'], [7, '30m', '6h', 'critical'], [2, '2h', '1d', 'warning'], [1, '6h', '4d', 'warning']] as const)
  .map(([f, s, l, sev]) => `      - alert: ErrorBudgetBurn
        expr: http_requests:burnrate${s}{slo="api-pyrra"} > (${f} * (1-0.99)) and http_requests:burnrate${l}{slo="api-pyrra"} > (${f} * (1-0.99))
        for: 2m
        labels: {slo: api-pyrra, severity: ${sev}, long: ${l}, short: ${s}}`).join('\n')}
`;

let server: PromServer;
let byId: Map<string, SloReport>;

beforeAll(async () => {
  server = await startPrometheus({ openMetrics: history, rules });
  const prom = new PrometheusClient({ baseURL: server.url, name: 'prometheus', env: {} });
  byId = new Map((await evaluateSlos(prom, await discoverSlos(prom), NOW, { trend: false })).map((r) => [r.id, r]));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('burn-rate thresholds from the live alert rules', () => {
  it('reads Sloth’s 14.4/6/3/1 and shows each window’s burn against its threshold', () => {
    const sloth = byId.get('web-requests')!;
    expect(sloth.burnAlerts!.map((b) => [b.from, b.alert, b.severity, b.long, b.short, b.factor, b.firing])).toEqual([
      ['rule', 'WebRequestsHighErrorRate', 'page', '1h', '5m', 14.4, true],
      ['rule', 'WebRequestsHighErrorRate', 'page', '6h', '30m', 6, true],
      ['rule', 'WebRequestsHighErrorRateTicket', 'ticket', '1d', '2h', 3, false],
      ['rule', 'WebRequestsHighErrorRateTicket', 'ticket', '3d', '6h', 1, false],
    ]);
    expect(sloth.alert).toBe('page');
    expect(sloth.explain.find((e) => e.figure === 'alert')!.formula).toContain('1h burn 66.7× of 14.4×');
  });

  it('reads Pyrra’s 14/7/2/1 over 1h/6h/1d/4d, the 4d burn from its own series', () => {
    const pyrra = byId.get('api-pyrra')!;
    expect(pyrra.burnAlerts!.map((b) => [b.long, b.short, b.factor, b.firing])).toEqual([['1h', '5m', 14, false], ['6h', '30m', 7, true], ['1d', '2h', 2, false], ['4d', '6h', 1, false]]);
    expect(pyrra.burnAlerts![3]!.longBurn).toBeCloseTo(0.5, 9);
    expect(pyrra.alert).toBe('page');
    expect(pyrra.explain.find((e) => e.figure === 'alert')!.formula).toContain('6h burn 7.5× of 7×, 30m burn 8× ← firing');
  });
});
