/**
 * Headless commands across several contexts, against two real Prometheus 2.42 + Alertmanager 0.25
 * pairs on free ports (and the PagerDuty fake, shared by both contexts as one account).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIo } from '../cli/helpers/io.js';
import { postAlerts, startAlertmanager, type AmServer } from '../helpers/alertmanager.js';
import { freePort } from '../helpers/net.js';
import { demoSeed, DEMO_FROM, DEMO_TOKEN, startFakePagerDuty, type FakePagerDuty } from '../helpers/pagerduty-fake.js';
import { startPrometheus, type PromServer } from '../helpers/prometheus.js';

let eu: { prom: PromServer; am: AmServer };
let us: { prom: PromServer; am: AmServer };
let pd: FakePagerDuty;
let dir: string;
let deadUrl: string;

beforeAll(async () => {
  const [p1, a1, p2, a2] = await Promise.all([startPrometheus(), startAlertmanager(), startPrometheus(), startAlertmanager()]);
  eu = { prom: p1, am: a1 };
  us = { prom: p2, am: a2 };
  pd = await startFakePagerDuty(demoSeed());
  deadUrl = `http://127.0.0.1:${await freePort()}`;
  dir = await mkdtemp(join(tmpdir(), 'oncall-fleet-'));
  const pagerduty = { url: pd.url, token_env: 'PD_TOKEN', from: DEMO_FROM };
  const pair = (s: { prom: PromServer; am: AmServer }) => ({ prometheus: { url: s.prom.url }, alertmanager: { url: s.am.url }, pagerduty });
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({
      current_context: 'eu',
      contexts: {
        eu: pair(eu),
        us: pair(us),
        dead: { alertmanager: { url: deadUrl }, prometheus: { url: deadUrl } },
        // eu's PagerDuty account, in a cluster that is down.
        broken: { alertmanager: { url: deadUrl }, prometheus: { url: deadUrl }, pagerduty },
        // PagerDuty from the environment: none in the file, or another token the environment's overrides.
        'eu-env': { alertmanager: { url: eu.am.url } },
        'us-env': { alertmanager: { url: us.am.url }, pagerduty: { token_env: 'OTHER_TOKEN' } },
      },
      fleets: { prod: ['eu', 'us'] },
    }),
  );
  await postAlerts(eu.am.url, [{ labels: { alertname: 'DiskFull', severity: 'warning', instance: 'eu-db' } }]);
  await postAlerts(us.am.url, [{ labels: { alertname: 'DiskFull', severity: 'warning', instance: 'us-db' } }]);
}, 60_000);

afterAll(async () => {
  await Promise.all([eu?.prom.stop(), eu?.am.stop(), us?.prom.stop(), us?.am.stop(), pd?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function oncall(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIo({ ONCALL_CONFIG_DIR: dir, USER: 'tester', PATH: process.env.PATH, PD_TOKEN: DEMO_TOKEN, ...env }, { columns: 160 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('several contexts at once', () => {
  it('alerts --context eu,us merges both lists, each JSON item naming its context', async () => {
    const r = await oncall(['alerts', '--no-incidents', '--context', 'eu,us', '-o', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const items = JSON.parse(r.out) as Array<{ context: string; labels: { instance: string } }>;
    expect(items.map((a) => [a.context, a.labels.instance]).sort()).toEqual([['eu', 'eu-db'], ['us', 'us-db']]);
  });

  it('takes global options before the command, as one context does (-o json alerts --context eu,us)', async () => {
    const r = await oncall(['-o', 'json', 'alerts', '--no-incidents', '--context', 'eu,us']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Array<{ context: string }>).map((a) => a.context).sort()).toEqual(['eu', 'us']);
    const s = await oncall(['--output', 'json', 'status', '--fleet', 'prod']);
    expect(s.code).toBe(0);
    expect((JSON.parse(s.out) as Array<{ context: string }>).map((a) => a.context)).toEqual(['eu', 'us']);
  });

  it('a table gets a context column; --fleet prod names the same two', async () => {
    const r = await oncall(['alerts', '--no-incidents', '--fleet', 'prod']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CONTEXT\s+/);
    expect(lines.filter((l) => /^eu\s/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^us\s/.test(l))).toHaveLength(1);
  });

  it('a context that fails is named on stderr; the others still answer, exit 1', async () => {
    const r = await oncall(['silences', '--context', 'eu,dead', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^dead: .*connection refused/m);
    expect(r.err).not.toMatch(/^eu:/m);
    expect(JSON.parse(r.out)).toEqual([]);
    const a = await oncall(['alerts', '--no-incidents', '--context', 'dead,us', '-o', 'json']);
    expect(a.code).toBe(1);
    expect(JSON.parse(a.out).map((x: { context: string }) => x.context)).toEqual(['us']);
  });

  it('contexts sharing one PagerDuty account are asked once: incidents are not doubled', async () => {
    const one = JSON.parse((await oncall(['incidents', '--context', 'eu', '-o', 'json'])).out) as unknown[];
    expect(one.length).toBeGreaterThan(0);
    const both = await oncall(['incidents', '--context', 'eu,us', '-o', 'json']);
    expect(both.code).toBe(0);
    const items = JSON.parse(both.out) as Array<{ context: string }>;
    expect(items).toHaveLength(one.length);
    expect(new Set(items.map((i) => i.context))).toEqual(new Set(['eu']));
  });

  it('when the first context of a shared account fails on its own, the next one of that account lists the incidents', async () => {
    const one = JSON.parse((await oncall(['incidents', '--context', 'eu', '-o', 'json'])).out) as unknown[];
    const r = await oncall(['incidents', '--context', 'broken,eu', '-o', 'json']);
    expect(r.err).toMatch(/^broken: /m);
    expect(r.code).toBe(1);
    const items = JSON.parse(r.out) as Array<{ context: string }>;
    expect(items).toHaveLength(one.length);
    expect(new Set(items.map((i) => i.context))).toEqual(new Set(['eu']));
    // As a table too.
    const table = await oncall(['incidents', '--context', 'broken,eu']);
    expect(table.out.trimEnd().split('\n').slice(1).every((line) => line.startsWith('eu '))).toBe(true);
    expect(table.out.trimEnd().split('\n')).toHaveLength(one.length + 1);
  });

  it('contexts whose PagerDuty account comes from the environment are one account: incidents are not doubled', async () => {
    const env = { PAGERDUTY_API_TOKEN: DEMO_TOKEN, PAGERDUTY_URL: pd.url, PAGERDUTY_FROM: DEMO_FROM };
    const one = JSON.parse((await oncall(['incidents', '--context', 'eu-env', '-o', 'json'], env)).out) as unknown[];
    expect(one.length).toBeGreaterThan(0);
    const both = await oncall(['incidents', '--context', 'eu-env,us-env', '-o', 'json'], env);
    expect(both.err).toBe('');
    const items = JSON.parse(both.out) as Array<{ context: string }>;
    expect(items).toHaveLength(one.length);
    expect(new Set(items.map((i) => i.context))).toEqual(new Set(['eu-env']));
  });

  it('refuses --prometheus-url with more than one context (exit 2), and names an unknown fleet', async () => {
    const r = await oncall(['status', '--context', 'eu,us', '--prometheus-url', eu.prom.url]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('override one context, not several');
    const f = await oncall(['alerts', '--fleet', 'staging']);
    expect(f.code).toBe(2);
    expect(f.err).toContain('unknown fleet "staging" (known: prod)');
  });

  it('refuses PROMETHEUS_URL and ALERTMANAGER_URL with several contexts (exit 2)', async () => {
    const r = await oncall(['alerts', '--context', 'eu,us'], { ALERTMANAGER_URL: eu.am.url });
    expect(r.code).toBe(2);
    expect(r.err).toContain('ALERTMANAGER_URL overrides one context, not several');
    expect(r.out).toBe('');
    const d = await oncall(['--fleet', 'prod'], { PROMETHEUS_URL: eu.prom.url });
    expect(d.code).toBe(2);
    expect(d.err).toContain('PROMETHEUS_URL overrides one context, not several');
  });

  it('the dashboard takes several contexts too, and refuses the URL overrides with them', async () => {
    const r = await oncall(['--context', 'eu,us', '--alertmanager-url', eu.am.url]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('override one context, not several');
    // Past the checks it goes to the dashboard (here without a terminal), not to a headless command.
    const f = await oncall(['--fleet', 'prod']);
    expect(f.code).toBe(2);
    expect(f.err).toContain('the dashboard needs a terminal');
  });

  it('status as a table: one CONTEXT column instead of each title line', async () => {
    const r = await oncall(['status', '--context', 'eu,us']);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('CONTEXT');
    expect(lines.filter((l) => /^eu\s+alerts\s+1 firing/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^us\s+alerts\s+1 firing/.test(l))).toHaveLength(1);
    expect(r.out).not.toContain('context eu');
  });

  it('status -o json gives one item per context', async () => {
    const r = await oncall(['status', '--context', 'eu,us', '-o', 'json']);
    const items = JSON.parse(r.out) as Array<{ context: string }>;
    expect(items.map((i) => i.context)).toEqual(['eu', 'us']);
  });
});
