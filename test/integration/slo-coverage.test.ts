/**
 * A forecast from a few days of data is no fact. Real Prometheus 2.42, two SLA rules of the SLA guide's
 * shape over 30 days: one whose raw series began 4 days ago (a service launched this week), one with
 * 31 days of backfilled history. `oncall slo` in every form says how much of the window the young one
 * covers and marks its forecast unreliable; the old one's is left unmarked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';
import { oncallAgainst } from '../helpers/oncall.js';
import { openMetricsDocument, openMetricsGauge, startPrometheus, type PromServer } from '../helpers/prometheus.js';

const HOUR = 3600;
const DAY = 86_400;
const STEP = 15 * 60;
const E = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;

/** One probe in 100 fails: 99% against a 98% objective, half the budget left, a 0.5× burn. */
const probe = (name: string, days: number) => openMetricsGauge(name, {}, E - days * DAY, E, STEP, (t) => ((t / STEP) % 100 === 0 ? 0 : 1));

const sla = (key: string) => `
  - record: sla:${key}:ratio_30d
    expr: sum_over_time(${key}_up[30d]) / count_over_time(${key}_up[30d])
  - record: sla:${key}:ratio_3d
    expr: sum_over_time(${key}_up[3d]) / count_over_time(${key}_up[3d])
  - alert: ${key}SLABreach
    expr: sla:${key}:ratio_30d < 0.98
    labels: {severity: warning, service: ${key}}`;
const rules = `groups:\n- name: sla\n  rules:${sla('young')}${sla('old')}\n`;

let server: PromServer;
let dir: string;
const oncall = (args: string[]) => oncallAgainst(dir, { prometheus: server.url }, args);

beforeAll(async () => {
  server = await startPrometheus({ openMetrics: openMetricsDocument(probe('young_up', 4), probe('old_up', 31)), rules, backfillBlock: '24h' });
  dir = await mkdtemp(join(tmpdir(), 'oncall-slo-coverage-'));
  const prom = new PrometheusClient({ baseURL: server.url, name: 'prometheus', env: {} });
  await vi.waitFor(async () => {
    const answers = await Promise.all(['sla:young:ratio_30d', 'sla:old:ratio_30d'].map((n) => prom.query(n)));
    if (!answers.every((r) => r.samples.length === 1)) throw new Error('recording rules not evaluated yet');
  }, { timeout: 30_000, interval: 200 });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The young data began 4 days and 2 to 3 hours before now; coverage is read to the hour below. */
const YOUNG = /data for 4d[1-3]h of 30d/;

describe('an SLO whose data covers 4 days of its 30-day window', () => {
  it('-o json: coverage of about 4 days, the forecast not reliable; the old SLO covers its window', async () => {
    const { out } = await oncall(['slo', '-o', 'json']);
    const slos = JSON.parse(out) as Array<{ rule: string; coverage?: { dataMs: number; windowMs: number; reliable: boolean }; exhaustion: Record<string, number | null> }>;
    const young = slos.find((s) => s.rule === 'sla:young:ratio_30d')!;
    const old = slos.find((s) => s.rule === 'sla:old:ratio_30d')!;
    expect(young.coverage!.reliable).toBe(false);
    expect(Math.abs(young.coverage!.dataMs / 1000 - (4 * DAY + 2 * HOUR))).toBeLessThanOrEqual(2 * HOUR);
    expect(young.exhaustion['3d']).not.toBeNull();
    expect(old.coverage).toEqual({ dataMs: 30 * DAY * 1000, windowMs: 30 * DAY * 1000, reliable: true });
  });

  it('the table marks the young budget and says how much data there is; the old one goes unmarked', async () => {
    const { out } = await oncall(['slo']);
    const row = (name: string) => out.split('\n').find((l) => l.startsWith(name))!;
    expect(row('Young')).toMatch(/left\*/);
    expect(row('Old')).not.toContain('*');
    expect(out).toMatch(new RegExp(`^\\* Young: ${YOUNG.source}: forecast unreliable$`, 'm'));
    expect(out).not.toMatch(/^\* Old/m);
  });

  it('--explain marks the time to exhaustion and the forecast unreliable, with the data there is', async () => {
    const { out } = await oncall(['slo', '--explain']);
    const [young, old] = ['Young', 'Old'].map((n) => out.split(/\n(?=\S)/).find((s) => s.startsWith(n))!);
    expect(young).toMatch(new RegExp(`budget gone in .*\\(unreliable: ${YOUNG.source}\\)`));
    expect(young).toMatch(/time to exhaustion: .* \(unreliable\)/);
    expect(young).toMatch(/forecast: 1h: unknown, 6h: unknown, 3d: \d+d\w* \(unreliable\)/);
    expect(young).toMatch(new RegExp(`data in the window: ${YOUNG.source}: forecast unreliable`));
    expect(old).not.toMatch(/\(unreliable|forecast unreliable/);
    expect(old).toContain('data in the window: data for 30d of 30d');
  });
});
