/**
 * The SLA guide's rule file (test/fixtures/slo/sla-guide-rules.yml), verbatim, in a real Prometheus
 * 2.42 holding 30 days of backfilled history, and `oncall slo` run with no SLO in any config.
 * History: probes every 5 minutes with a 2-hour outage ten days ago; payments with 1 failure in 1000;
 * orders with 97 of 100 done in under 30 s. The recording rules run live, so figures are read at
 * the real time, a few hours after the history ends; expected values allow for that.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';
import { captureIo } from '../cli/helpers/io.js';
import { openMetricsCounter, openMetricsDocument, openMetricsGauge, startPrometheus, type PromServer } from '../helpers/prometheus.js';

const MIN = 60;
// Samples every 5 minutes: promtool's backfill time grows with the samples, and 1-minute ones add nothing here.
const STEP = 5 * MIN;
const DAY = 86_400;
const E = Math.floor(Date.now() / 1000 / 3600) * 3600 - 2 * 3600;
const S = E - 30 * DAY;
const OUTAGE = E - 10 * DAY;
const down = (t: number) => t > OUTAGE && t <= OUTAGE + 2 * 3600;

function histogram(from: number, to: number): string {
  const name = 'order_processing_duration_seconds';
  const lines = [`# TYPE ${name} histogram`];
  for (let t = from; t <= to; t += STEP) {
    const n = ((t - from) / MIN) * 100;
    lines.push(`${name}_bucket{le="30"} ${n * 0.97} ${t}`, `${name}_bucket{le="+Inf"} ${n} ${t}`, `${name}_count ${n} ${t}`);
  }
  return `${lines.join('\n')}\n`;
}

const history = openMetricsDocument(
  openMetricsGauge('probe_success', { job: 'frontend-website' }, S, E, STEP, (t) => (down(t) ? 0 : 1)),
  openMetricsCounter('payment_transactions_success', {}, S, E, STEP, (t) => ((t - S) / MIN) * 999),
  openMetricsCounter('payment_transactions', {}, S, E, STEP, (t) => ((t - S) / MIN) * 1000),
  histogram(S, E),
);

let server: PromServer;
let configDir: string;

async function oncall(args: string[]) {
  const io = captureIo({ PATH: process.env.PATH, HOME: configDir, ONCALL_CONFIG_DIR: configDir, PROMETHEUS_URL: server.url }, { columns: 200 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  const rules = await readFile(new URL('../fixtures/slo/sla-guide-rules.yml', import.meta.url), 'utf8');
  server = await startPrometheus({ openMetrics: history, rules, backfillBlock: '24h' });
  configDir = await mkdtemp(join(tmpdir(), 'oncall-sla-'));
  // The recording rules run every second from start; wait until each has written a sample.
  const prom = new PrometheusClient({ baseURL: server.url, name: 'prometheus', env: {} });
  const names = ['sla:website_availability:ratio_30d', 'sla:transaction_success:ratio', 'sla:order_processing:under_30s_ratio'];
  await vi.waitFor(async () => {
    const answers = await Promise.all(names.map((n) => prom.query(n)));
    if (!answers.every((r) => r.samples.length === 1)) throw new Error('recording rules not evaluated yet');
  }, { timeout: 30_000, interval: 200 });
}, 300_000);

afterAll(async () => {
  await server?.stop();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

interface SloJson { id: string; name: string; service: string; objective: number; critical: unknown; source: string; rule: string | null; window: string; compliance: number; status: string; explain: Array<{ figure: string; formula: string }> }

describe('oncall slo on the SLA guide’s rules, with no SLO config', () => {
  it('lists the three SLAs with objective, critical threshold, source and rule', async () => {
    const { code, out, err } = await oncall(['slo', '-o', 'json']);
    expect(code).toBe(3); // the website SLA is breached
    expect(err).toBe('');
    const slos = JSON.parse(out) as SloJson[];
    expect(slos.map((s) => [s.name, s.service, s.objective, s.critical, s.source, s.rule, s.window])).toEqual([
      ['Website availability', 'website', 0.999, { kind: 'below', ratio: 0.995 }, 'rule', 'sla:website_availability:ratio_30d', '30d'],
      ['Transaction success', 'payments', 0.998, null, 'rule', 'sla:transaction_success:ratio', '1d'],
      ['Order processing', 'orders', 0.95, null, 'rule', 'sla:order_processing:under_30s_ratio', '1d'],
    ]);
    const [web, tx, orders] = slos as [SloJson, SloJson, SloJson];
    // 2 hours down in the last 30 days (less the hours since the history ended): about 99.72%.
    expect(web.compliance).toBeGreaterThan(1 - 24 / (30 * 288 - 4 * 12));
    expect(web.compliance).toBeLessThan(1 - 24 / (30 * 288));
    expect(web.status).toBe('breached');
    expect(tx.compliance).toBeCloseTo(0.999, 6);
    expect(tx.status).toBe('healthy');
    expect(orders.compliance).toBeCloseTo(0.97, 6);
    expect(web.explain.find((e) => e.figure === 'discovered')!.formula).toContain('objective 99.9% from alert WebsiteAvailabilitySLABreach');
    expect(tx.explain.find((e) => e.figure === 'discovered')!.formula).toContain("window 1d from the longest range selector [1d] in the rule's expression");
  });

  it('shows the critical threshold in the table, and skips nothing', async () => {
    const { code, out, err } = await oncall(['slo']);
    expect(code).toBe(3);
    expect(out).toMatch(/SLO\s+SERVICE\s+OBJECTIVE\s+CRITICAL\s+COMPLIANCE/);
    expect(out).toMatch(/Website availability\s+website\s+99\.9%\s+below 99\.5%\s+99\.7\d+%/);
    expect(err).toBe('');
    const skipped = await oncall(['slo', '--skipped', '-o', 'json']);
    expect(JSON.parse(skipped.out)).toEqual([]);
  });
});
