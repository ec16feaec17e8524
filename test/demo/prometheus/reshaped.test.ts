import { readFileSync } from 'node:fs';
import { expect, it, vi } from 'vitest';
import type * as PromQL from '../../../src/sources/prometheus/slo/promql.js';
import { sloScreen, type Scenario } from './screen.js';

/**
 * oncall writing its SLO queries another way needs no change to the demo: the demo Prometheus learns
 * the queries from the same builders. Here every window and quantile query is wrapped in abs(), which
 * changes no value and which the demo's former PromQL evaluator did not know.
 */

const reshape = (q: string): string => `abs(${q})`;

vi.mock('../../../src/sources/prometheus/slo/promql.js', async (importOriginal) => {
  const real = await importOriginal<typeof PromQL>();
  return {
    ...real,
    windowPlan: (...args: Parameters<typeof real.windowPlan>) => {
      const plan = real.windowPlan(...args);
      if (!plan) return plan;
      return plan.kind === 'counts' ? { ...plan, part: reshape(plan.part), total: reshape(plan.total) } : { ...plan, expr: reshape(plan.expr) };
    },
    quantileExpr: (...args: Parameters<typeof real.quantileExpr>) => {
      const q = real.quantileExpr(...args);
      return q === null ? q : reshape(q);
    },
  };
});

it('shows the same SLA table when oncall reshapes its queries', async () => {
  const [{ scenario, slos }] = JSON.parse(readFileSync(new URL('../fixtures/slo-screen.json', import.meta.url), 'utf8')) as [
    { scenario: Scenario; slos: Array<{ name: string; status: string; alert: string; compliance: number; trendPoints: number }> },
  ];
  const { json, explain } = await sloScreen(scenario);
  expect(explain).toContain('query  bad: abs(sum(increase(http_requests_total{job="api",code=~"5.."}[30d])))');
  const reports = json as Array<{ name: string; status: string; alert: string; compliance: number; error?: string; trend: unknown[] }>;
  expect(reports.map((r) => [r.name, r.status, r.alert, r.error, r.trend.length])).toEqual(slos.map((s) => [s.name, s.status, s.alert, undefined, s.trendPoints]));
  reports.forEach((r, i) => expect(r.compliance).toBeCloseTo(slos[i]!.compliance, 9));
});
