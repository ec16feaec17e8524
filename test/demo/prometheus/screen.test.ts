import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sloScreen, type Scenario } from './screen.js';

/**
 * The demo's SLA table as a user sees it (`oncall slo -o json`, `oncall slo --explain`), against what
 * the same commands showed when the demo Prometheus still evaluated PromQL: recorded from that version
 * (whose answers were checked against Prometheus 2.42) into test/demo/fixtures/ before it was replaced.
 */

interface RecordedSlo {
  name: string;
  status: string;
  alert: string;
  compliance: number | null;
  remainingFraction: number | null;
  burnRates: Record<string, number | null>;
  latencyQuantileSeconds?: number | null;
  trendPoints: number;
  trendSpan: [number, number];
  trend?: Array<[number, number]>;
}

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const recorded = JSON.parse(fixture('slo-screen.json')) as Array<{ scenario: Scenario; slos: RecordedSlo[] }>;

/** Equal to a millionth, relative: summation order differs, the figures do not. */
function near(actual: number | null | undefined, expected: number | null | undefined, what: string): void {
  if (expected === null || expected === undefined) return void expect(actual ?? null, what).toBeNull();
  expect(actual, what).toBeTypeOf('number');
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-6 * Math.abs(expected) + 1e-12);
}

describe('the demo SLA table shows what it showed before', () => {
  it.each(recorded.map((r) => [`started ${r.scenario.started}, seed ${r.scenario.seed}, ${r.scenario.hoursIn} h in`, r] as const))(
    '%s: the same statuses, alerts, figures and sparklines',
    async (_label, { scenario, slos }) => {
      const { json } = await sloScreen(scenario);
      const reports = json as Array<Record<string, any>>;
      expect(reports.map((r) => [r.name, r.status, r.alert])).toEqual(slos.map((s) => [s.name, s.status, s.alert]));
      slos.forEach((want, i) => {
        const got = reports[i]!;
        expect(got.error, want.name).toBeUndefined();
        near(got.compliance, want.compliance, `${want.name} compliance`);
        near(got.budget?.remainingFraction, want.remainingFraction, `${want.name} budget left`);
        for (const [w, burn] of Object.entries(want.burnRates)) near(got.burnRates[w], burn, `${want.name} burn ${w}`);
        near(got.latencyQuantileSeconds, want.latencyQuantileSeconds, `${want.name} latency quantile`);
        const trend = got.trend as Array<[number, number]>;
        expect(trend.length, `${want.name} sparkline points`).toBe(want.trendPoints);
        expect([trend[0]![0], trend[trend.length - 1]![0]], `${want.name} sparkline span`).toEqual(want.trendSpan);
        want.trend?.forEach(([t, v], k) => {
          expect(trend[k]![0]).toBe(t);
          near(trend[k]![1], v, `${want.name} sparkline at ${t}`);
        });
      });
    },
    30_000,
  );

  // Printed to 6 digits, the figures match exactly, queries and raw values included.
  it.each([
    ['on a scrape', 0, 'slo-explain-on-scrape.txt'],
    ['between two scrapes', 1, 'slo-explain-between-scrapes.txt'],
  ] as const)('explains every figure in the same words, queries and numbers, asked %s', async (_when, i, file) => {
    const { explain } = await sloScreen(recorded[i]!.scenario);
    expect(explain).toBe(fixture(file));
  });
});
