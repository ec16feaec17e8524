import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemoStack, type DemoStack } from '../../src/demo/stack.js';
import { postAlerts, startAlertmanager, type AmServer } from './alertmanager.js';
import { startFaultProxy, type FaultProxy } from './faults.js';
import { demoSeed, DEMO_FROM, startFakePagerDuty, type FakePagerDuty } from './pagerduty-fake.js';

/**
 * The world a fault scenario runs in: a real Alertmanager 0.25, the strict PagerDuty fake and the
 * demo's Prometheus (for SLOs), each behind a fault proxy; a config whose three secrets are known, so
 * everything printed and the audit file can be grepped for them; and the built binary to run.
 */
export const SECRETS = {
  pagerduty: 'pd-secret-7f3a9c2e41b8',
  alertmanagerPassword: 'am-pass-5d1e8b7c0a92',
  prometheusToken: 'prom-bearer-c4e2a1f9b736',
};
export const AM_USER = 'oncall-bench';

export interface RunResult {
  code: number | null;
  out: string;
  err: string;
  ms: number;
  timedOut: boolean;
}

export interface FaultWorld {
  am: AmServer;
  pd: FakePagerDuty;
  stack: DemoStack;
  proxies: { am: FaultProxy; pd: FaultProxy; prom: FaultProxy };
  configDir: string;
  /** The environment every run gets: the config dir and the three secrets. */
  env: Record<string, string>;
  /** Runs `node bin/oncall.js …args` with the world's config and secrets in its environment. */
  oncall(args: string[], opts?: { env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult>;
  auditText(): Promise<string>;
  /** Silences on the real Alertmanager, read directly (not through oncall or a proxy). */
  silences(): Promise<Array<{ id: string; comment: string; endsAt: string; status: { state: string }; matchers: Array<{ name: string; value: string }> }>>;
  /** Creates a silence directly on Alertmanager: the starting point of extend and expire scenarios. */
  createSilence(alertname: string, hours: number): Promise<string>;
  stop(): Promise<void>;
}

const BIN = resolve('bin/oncall.js');

/** Incidents that fault scenarios act on, one each, so no scenario sees another's write. */
export const FAULT_INCIDENTS = Array.from({ length: 12 }, (_, i) => `PFLT${String(i + 1).padStart(3, '0')}`);

export async function startFaultWorld(): Promise<FaultWorld> {
  const seed = demoSeed();
  const [am, pd, stack] = await Promise.all([
    startAlertmanager(),
    startFakePagerDuty({
      ...seed,
      tokens: { ...seed.tokens, [SECRETS.pagerduty]: { userId: 'PUSRADA' } },
      incidents: [...(seed.incidents ?? []), ...FAULT_INCIDENTS.map((id) => ({ id, title: `fault scenario ${id}`, service: 'PSVCAPI' }))],
    }),
    startDemoStack(),
  ]);
  await postAlerts(am.url, [{ labels: { alertname: 'FaultCritical', severity: 'critical', service: 'bench' }, annotations: { summary: 'a critical alert for status' } }]);
  const proxies = { am: await startFaultProxy(am.url), pd: await startFaultProxy(pd.url), prom: await startFaultProxy(stack.prometheusUrl) };
  const configDir = await mkdtemp(join(tmpdir(), 'oncall-faults-'));
  const config = {
    current_context: 'faults',
    contexts: {
      faults: {
        author: 'fault-bench',
        prometheus: { url: proxies.prom.url, bearer_token_env: 'FAULT_PROM_TOKEN' },
        alertmanager: { urls: [proxies.am.url], basic_auth: { username: AM_USER, password_env: 'FAULT_AM_PASSWORD' } },
        pagerduty: { url: proxies.pd.url, token_env: 'FAULT_PD_TOKEN', from: DEMO_FROM },
        slos: stack.contextConfig.slos,
      },
    },
  };
  await writeFile(join(configDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });

  const baseEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: configDir,
    USER: 'fault-bench',
    ONCALL_CONFIG_DIR: configDir,
    NO_COLOR: '1',
    FAULT_PD_TOKEN: SECRETS.pagerduty,
    FAULT_AM_PASSWORD: SECRETS.alertmanagerPassword,
    FAULT_PROM_TOKEN: SECRETS.prometheusToken,
  };

  const oncall: FaultWorld['oncall'] = (args, opts = {}) =>
    new Promise((done) => {
      const t0 = performance.now();
      const child = spawn(process.execPath, [BIN, ...args], { env: { ...baseEnv, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let timedOut = false;
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, opts.timeoutMs ?? 90_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        done({ code, out, err, ms: performance.now() - t0, timedOut });
      });
    });

  const silences: FaultWorld['silences'] = async () => (await (await fetch(`${am.url}/api/v2/silences`)).json()) as Awaited<ReturnType<FaultWorld['silences']>>;
  const createSilence = async (alertname: string, hours: number) => {
    const now = Date.now();
    const res = await fetch(`${am.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: alertname, isRegex: false, isEqual: true }],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + hours * 3_600_000).toISOString(),
        createdBy: 'fault-bench',
        comment: `seed for ${alertname}`,
      }),
    });
    return ((await res.json()) as { silenceID: string }).silenceID;
  };

  return {
    am,
    pd,
    stack,
    proxies,
    configDir,
    env: baseEnv,
    oncall,
    auditText: () => readFile(join(configDir, 'audit.jsonl'), 'utf8').catch(() => ''),
    silences,
    createSilence,
    stop: async () => {
      await Promise.all(Object.values(proxies).map((p) => p.close()));
      await Promise.all([am.stop(), pd.close(), stack.stop()]);
      await rm(configDir, { recursive: true, force: true });
    },
  };
}
