import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startAlertmanager, postAlerts, type AmServer } from '../../helpers/alertmanager.js';
import { demoSeed, DEMO_FROM, DEMO_TOKEN, startFakePagerDuty, type FakePagerDuty } from '../../helpers/pagerduty-fake.js';
import { startPrometheus, type PromServer } from '../../helpers/prometheus.js';

/** The repository root: bin/oncall.js runs dist/, which `npm run build` writes. */
export const REPO = resolve(import.meta.dirname, '../../..');

/** bin/oncall.js runs dist/oncall.mjs or dist/cli/main.js, whichever is newer; both come from the build. */
export function assertBuilt(): void {
  if (!existsSync(join(REPO, 'dist/cli/main.js')) && !existsSync(join(REPO, 'dist/oncall.mjs'))) {
    throw new Error('dist/cli/main.js is missing: run npm run build first (the end-to-end tests drive the built binary)');
  }
}

export const AUTHOR = 'e2e-tester';
export const SLO_NAME = 'Checkout availability';

/**
 * What the dashboard should show: two alert groups in Alertmanager, PagerDuty's demo account
 * (five incidents, Ada on call) and one SLO read from Prometheus.
 */
export const ALERTS = [
  {
    labels: { alertname: 'DiskAlmostFull', service: 'orders', severity: 'critical', instance: 'db-7' },
    annotations: { summary: 'db-7 has 3% disk left' },
  },
  {
    labels: { alertname: 'LatencyHigh', service: 'search', severity: 'warning', instance: 'search-1' },
    annotations: { summary: 'p99 above 2s on search-1' },
  },
  {
    labels: { alertname: 'LatencyHigh', service: 'search', severity: 'warning', instance: 'search-2' },
    annotations: { summary: 'p99 above 2s on search-2' },
  },
];

export interface Stack {
  am: AmServer;
  prom: PromServer;
  pd: FakePagerDuty;
  configDir: string;
  /** The environment the dashboard runs in: config dir, token, a clean HOME, nothing from the runner. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts real Prometheus 2.42 and Alertmanager 0.25, the PagerDuty fake, and writes one context. */
export async function startStack(opts: { pollAlertmanager?: string } = {}): Promise<Stack> {
  assertBuilt();
  const configDir = await mkdtemp(join(tmpdir(), 'oncall-e2e-'));
  const started: Array<() => Promise<void>> = [() => rm(configDir, { recursive: true, force: true })];
  const stop = async () => {
    await Promise.allSettled(started.splice(0).reverse().map((s) => s()));
  };
  try {
    const [am, prom, pd] = await Promise.all([
      startAlertmanager().then((s) => (started.push(() => s.stop()), s)),
      startPrometheus().then((s) => (started.push(() => s.stop()), s)),
      startFakePagerDuty(demoSeed()).then((s) => (started.push(() => s.close()), s)),
    ]);
    // Start times in the past, so ages read like minutes rather than "0s".
    const startsAt = new Date(Date.now() - 20 * 60_000).toISOString();
    await postAlerts(am.url, ALERTS.map((a) => ({ ...a, startsAt })));
    const config = {
      current_context: 'e2e',
      contexts: {
        e2e: {
          author: AUTHOR,
          prometheus: { url: prom.url },
          alertmanager: { urls: [am.url] },
          // The token comes from PAGERDUTY_API_TOKEN, as a user's would: never written to disk.
          pagerduty: { url: pd.url, from: DEMO_FROM },
          poll: { alertmanager: opts.pollAlertmanager ?? '1s', pagerduty: '1s', prometheus: '2s' },
          slos: [{ name: SLO_NAME, service: 'checkout', objective: '99.9%', window: '30d', sli: { query: 'vector(0.9995)' } }],
        },
      },
    };
    await writeFile(join(configDir, 'config.json'), JSON.stringify(config, null, 2), { mode: 0o600 });
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: configDir,
      LANG: 'C.UTF-8',
      USER: AUTHOR,
      ONCALL_CONFIG_DIR: configDir,
      PAGERDUTY_API_TOKEN: DEMO_TOKEN,
    };
    return { am, prom, pd, configDir, env, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
