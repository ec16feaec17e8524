/**
 * The built dashboard over two contexts, each a real Prometheus 2.42 + Alertmanager 0.25 pair: both
 * contexts' alerts on one screen with their context, and a silence made from a row lands in that
 * row's Alertmanager only.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAlerts, startAlertmanager, type AmServer } from '../helpers/alertmanager.js';
import { startPrometheus, type PromServer } from '../helpers/prometheus.js';
import { REPO } from './helpers/stack.js';
import { startTmux, type Tmux } from './helpers/tmux.js';

let eu: { prom: PromServer; am: AmServer };
let us: { prom: PromServer; am: AmServer };
let dir: string;
let t: Tmux | undefined;

beforeAll(async () => {
  const [p1, a1, p2, a2] = await Promise.all([startPrometheus(), startAlertmanager(), startPrometheus(), startAlertmanager()]);
  eu = { prom: p1, am: a1 };
  us = { prom: p2, am: a2 };
  dir = await mkdtemp(join(tmpdir(), 'oncall-e2e-fleet-'));
  const pair = (s: { prom: PromServer; am: AmServer }) => ({ prometheus: { url: s.prom.url }, alertmanager: { url: s.am.url }, slos: [] });
  await writeFile(join(dir, 'config.json'), JSON.stringify({ current_context: 'eu', contexts: { eu: pair(eu), us: pair(us) }, fleets: { prod: ['eu', 'us'] } }), { mode: 0o600 });
  // The same alert in both clusters, told apart only by the context (and the instance, to read it).
  await postAlerts(eu.am.url, [{ labels: { alertname: 'DiskFull', severity: 'warning', service: 'db', instance: 'eu-db' } }]);
  await postAlerts(us.am.url, [{ labels: { alertname: 'DiskFull', severity: 'warning', service: 'db', instance: 'us-db' } }]);
}, 60_000);

afterAll(async () => {
  await t?.kill();
  await Promise.all([eu?.prom.stop(), eu?.am.stop(), us?.prom.stop(), us?.am.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function silences(url: string): Promise<Array<{ createdBy: string; comment: string; matchers: Array<{ name: string; value: string }> }>> {
  const res = await fetch(`${url}/api/v2/silences`);
  return (await res.json()) as never;
}

const row = (screen: string, text: string) => screen.split('\n').find((l) => l.includes(text)) ?? '';

describe('the dashboard over two contexts', () => {
  it('lists both contexts’ alerts with their context; a silence from a us row goes to us’s Alertmanager only', async () => {
    t = await startTmux({ columns: 100, rows: 30, cwd: REPO, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', USER: 'fleet-tester', ONCALL_CONFIG_DIR: dir } });
    await t.run('node bin/oncall.js --fleet prod');
    const screen = await t.waitForScreen((s) => s.includes('eu-db') && s.includes('us-db'), 'both contexts’ alerts', 30_000);
    expect(screen.split('\n')[0]).toMatch(/2 contexts .*eu .*us /);
    expect(row(screen, 'eu-db')).toMatch(/\beu\b/);
    expect(row(screen, 'us-db')).toMatch(/\bus\b/);
    // Rows: eu's group, its alert, us's group, its alert. The us alert, then s.
    await t.keys('j', 'j', 'j', 's');
    await t.waitForScreen((s) => /comment/i.test(s) && s.includes('instance="us-db"'), 'the silence form for the us alert');
    await t.type('disk swap');
    await t.keys('Enter');
    await t.waitForScreen((s) => /silence \S+ created/.test(s), 'the silence created');
    const made = await silences(us.am.url);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ createdBy: 'fleet-tester', comment: 'disk swap' });
    expect(made[0]!.matchers).toContainEqual(expect.objectContaining({ name: 'instance', value: 'us-db' }));
    expect(await silences(eu.am.url)).toEqual([]);
    await t.keys('q');
  }, 90_000);

  it(':ctx eu,us turns a one-context dashboard into one over both', async () => {
    await t?.kill();
    t = await startTmux({ columns: 100, rows: 30, cwd: REPO, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', USER: 'fleet-tester', ONCALL_CONFIG_DIR: dir } });
    await t.run('node bin/oncall.js --context eu');
    const one = await t.waitForScreen((s) => s.includes('eu-db'), 'eu’s alert', 30_000);
    expect(one).not.toContain('us-db');
    expect(one.split('\n')[0]).not.toMatch(/2 contexts/);
    await t.type(':ctx eu,us');
    await t.keys('Enter');
    const both = await t.waitForScreen((s) => s.includes('eu-db') && s.includes('us-db'), 'both contexts’ alerts after :ctx eu,us', 30_000);
    expect(both.split('\n')[0]).toMatch(/2 contexts .*eu .*us /);
    expect(row(both, 'us-db')).toMatch(/\bus\b/);
    await t.keys('q');
  }, 90_000);
});
