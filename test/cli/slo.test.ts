/**
 * `oncall slo` and what it says about the rules it skipped: the table on stdout, the skipped section
 * on stderr, `--skipped` on its own, and `-o json` staying a bare array. A small server stands in for
 * Prometheus: it lists the rules, and answers every query with no data.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIo } from './helpers/io.js';

const rule = (type: 'recording' | 'alerting', name: string, query: string, labels: Record<string, string> = {}) => ({ type, name, query, labels, health: 'ok' });
const groups = [{
  name: 'sla', file: 'sla.yml',
  rules: [
    rule('recording', 'sla:checkout:ratio_30d', 'avg_over_time(up[30d])'),
    rule('alerting', 'CheckoutSLABreach', 'sla:checkout:ratio_30d < 0.99', { severity: 'warning', service: 'shop' }),
    rule('recording', 'sla:search:ratio_7d', 'avg_over_time(up[7d])'),
    rule('recording', 'sla:search:latency_p95', 'x'),
  ],
}];

let server: Server;
let url: string;
let configDir: string;
/** Each range query's form (start, end, step), to check the history's queries stay under 11,000 points. */
const ranges: URLSearchParams[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url?.startsWith('/api/v1/rules')) return res.end(JSON.stringify({ status: 'success', data: { groups } }));
    const range = req.url?.startsWith('/api/v1/query_range');
    if (range) {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => ranges.push(new URLSearchParams(body)));
    }
    // As Thanos answers with partial_response when a store is down.
    res.end(JSON.stringify({ status: 'success', data: { resultType: range ? 'matrix' : 'vector', result: [] }, warnings: ['store 10.0.0.7:10901 unavailable'] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  configDir = await mkdtemp(join(tmpdir(), 'oncall-slo-cli-'));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(configDir, { recursive: true, force: true });
});

async function oncall(args: string[]) {
  const io = captureIo({ HOME: configDir, ONCALL_CONFIG_DIR: configDir, PROMETHEUS_URL: url }, { columns: 200 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('oncall slo and the skipped rules', () => {
  it('prints the table on stdout and the skipped rules, with their reasons, on stderr', async () => {
    const { code, out, err } = await oncall(['slo']);
    expect(code).toBe(0);
    expect(out).toMatch(/^SLO\s+SERVICE\s+OBJECTIVE\s+CRITICAL/);
    expect(out).toMatch(/Checkout\s+shop\s+99%/);
    expect(out).not.toContain('search');
    expect(err).toContain('skipped 2 rules that look like SLOs (`oncall slo --skipped` lists them):');
    expect(err).toMatch(/sla:search:ratio_7d\s+no objective: no alert rule compares sla:search:ratio_7d with a constant/);
    expect(err).toMatch(/sla:search:latency_p95\s+not an SLA ratio/);
  });

  it('keeps -o json a bare array of SLOs, critical null when there is none, the skipped rules on stderr', async () => {
    const { code, out, err } = await oncall(['slo', '-o', 'json']);
    expect(code).toBe(0);
    const slos = JSON.parse(out) as Array<Record<string, unknown>>;
    expect(slos).toHaveLength(1);
    expect(slos[0]).toMatchObject({ name: 'Checkout', objective: 0.99, critical: null, source: 'rule', rule: 'sla:checkout:ratio_30d' });
    // The server's warning is carried to the SLO whose figures it affects.
    expect(slos[0]!.warnings).toEqual(['store 10.0.0.7:10901 unavailable']);
    expect(err).toContain('skipped 2 rules');
  });

  it('--skipped lists only the skipped rules: a table, or with -o json an array of {rule, reason}', async () => {
    const json = await oncall(['slo', '--skipped', '-o', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual([
      { rule: 'sla:search:latency_p95', reason: expect.stringMatching(/^not an SLA ratio: /) },
      { rule: 'sla:search:ratio_7d', reason: expect.stringMatching(/^no objective: /) },
    ]);
    expect(json.err).toBe('');
    const table = await oncall(['slo', '--skipped']);
    expect(table.out).toMatch(/^RULE\s+REASON\n/);
    expect(table.out).toContain('sla:search:ratio_7d');
  });

  it('--history gives each SLO its history in -o json: breaches, bad stretches, outages, worst compliance', async () => {
    ranges.length = 0;
    const { code, out } = await oncall(['slo', '--history', '30d', '-o', 'json']);
    expect(code).toBe(0);
    const slos = JSON.parse(out) as Array<{ name: string; history: { breaches: { periods: unknown[]; window: string; stepSeconds: number }; badStretches: { window: string }; worst: unknown } }>;
    expect(slos.map((s) => s.name)).toEqual(['Checkout']);
    const h = slos[0]!.history;
    expect(h.breaches).toMatchObject({ window: '30d', periods: [] });
    expect(h.badStretches.window).toBe('1h');
    expect(JSON.stringify(h.breaches)).toContain("before it, the rule's own expression was evaluated");
    expect(h.worst).toBeNull();
    // The 30-day range queries: none past 11,000 points, at a step of 1h or more.
    const history = ranges.filter((f) => Number(f.get('end')) - Number(f.get('start')) > 29 * 86_400);
    // The breaches, the trend, and (the recorded series being empty) the rule's own expression, for both readings.
    expect(history).toHaveLength(4);
    for (const f of history) {
      const points = (Number(f.get('end')) - Number(f.get('start'))) / Number(f.get('step'));
      expect(points).toBeLessThanOrEqual(11_000);
      expect(Number(f.get('step'))).toBeGreaterThanOrEqual(3600);
    }
  });

  it('--history prints each SLO\'s periods as text, and refuses a duration that is not one', async () => {
    const { code, out } = await oncall(['slo', '--history', '7d']);
    expect(code).toBe(0);
    expect(out).toContain('Checkout');
    expect(out).toMatch(/breaches \(30d SLI below 99%, step 1h\): none/);
    expect(out).toMatch(/bad stretches \(1h SLI below 99%, step 1h\)/);
    const bad = await oncall(['slo', '--history', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"soon" is not a duration');
  });
});
