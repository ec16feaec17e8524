import { afterAll, describe, expect, it } from 'vitest';
import { parseSloConfig } from '../../src/domain/slo/config.js';
import { answerTable } from '../../src/demo/prometheus/answers.js';
import { startPrometheusFake } from '../../src/demo/prometheus/server.js';
import type { Served } from '../../src/demo/http.js';
import { buildMetrics } from '../../src/demo/world/metrics.js';
import { DEMO_SLOS } from '../../src/demo/world/slos.js';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';
import { evaluateSlos } from '../../src/sources/prometheus/slo/evaluate.js';

let prom: Served;
let NOW = new Date();

const client = (): PrometheusClient => new PrometheusClient({ baseURL: prom.url, name: 'prometheus' });

afterAll(async () => prom?.close());

describe('the demo world tells the SLA story', () => {
  // Whatever the hour, the seed, and however long the demo has run: the daily swing and jitter
  // must not flip a status.
  it.each([
    ['2026-03-10T14:23:00Z', 7, 0],
    ['2026-03-10T03:05:00Z', 7, 8],
    ['2026-07-01T21:47:00Z', 1, 0],
    ['2026-11-23T09:00:00Z', 424242, 24],
  ])('started %s with seed %i, %i hours in: one SLO breached, one at risk, the rest healthy', async (when, seed, hoursIn) => {
    const started = new Date(when);
    NOW = new Date(started.getTime() + hoursIn * 3600_000);
    await prom?.close();
    const metrics = buildMetrics(started.getTime() / 1000, seed);
    const defs = parseSloConfig(DEMO_SLOS);
    prom = await startPrometheusFake({ answers: answerTable(defs, metrics.slos), rules: () => metrics.rules, now: () => NOW });
    const reports = await evaluateSlos(client(), defs, NOW);
    const byName = Object.fromEntries(reports.map((r) => [r.name, r]));
    const summary = Object.fromEntries(reports.map((r) => [r.name, { status: r.status, compliance: r.compliance, burn1h: r.burnRates['1h'], error: r.error }]));
    expect(byName['Transaction success']!.status, JSON.stringify(summary)).toBe('breached');
    expect(byName['API availability']!.status, JSON.stringify(summary)).toBe('at_risk');
    for (const name of ['Website availability', 'Order processing', 'Search', 'Checkout completion']) {
      expect(byName[name]!.status, `${name}: ${JSON.stringify(summary[name])}`).toBe('healthy');
    }
    // Breached and burning now, so it pages.
    expect(byName['Transaction success']!.alert).toBe('page');
    // History for sparklines.
    for (const r of reports) expect(r.trend.length, r.name).toBeGreaterThan(50);
  }, 60_000);
});
