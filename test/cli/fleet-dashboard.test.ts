import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { contextDeps, fleetDashboardDeps, type FleetDeps } from '../../src/cli/fleetDashboard.js';
import type { DashboardDeps } from '../../src/cli/session.js';
import type { IncidentSource, SloSource } from '../../src/state/ports.js';

/** What a key in a dashboard over several contexts acts with: each context's own clients, its Prometheus too. */
it('gives each context its own SLO source, for the SLO details of its rows', () => {
  const slos = (name: string) => ({ load: async () => ({ slos: [], skipped: [] }), name }) as unknown as SloSource;
  const member = (name: string): FleetDeps => ({
    deps: { context: { name, isProd: true, readOnly: false, author: 'ada' }, slos: slos(name) } as unknown as DashboardDeps,
  });
  const fleet = [member('prod-eu'), member('prod-us')];
  const byName = contextDeps(fleet);
  expect(byName['prod-eu']!.slos).toBe(fleet[0]!.deps.slos);
  expect(byName['prod-us']!.slos).toBe(fleet[1]!.deps.slos);
});

/**
 * Which contexts share a PagerDuty account is read as each context's own run reads its PagerDuty
 * settings: the environment's token and URL win over the file. Here neither context names PagerDuty in
 * the file (or names another token variable), and PAGERDUTY_API_TOKEN sets one account for both.
 */
it('contexts whose PagerDuty comes from the environment share one poller, through the first writable one, each writing as its own user', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'oncall-fleet-pd-'));
  try {
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        contexts: {
          ro: { read_only: true, alertmanager: { url: 'http://127.0.0.1:9093' }, pagerduty: { token_env: 'OTHER_TOKEN' } },
          eu: { alertmanager: { url: 'http://127.0.0.1:9093' } },
          us: { alertmanager: { url: 'http://127.0.0.1:9094' } },
        },
      }),
      { mode: 0o600 },
    );
    const env = { PAGERDUTY_API_TOKEN: 'u+secret', PAGERDUTY_URL: 'http://127.0.0.1:9095' };
    // Each account answers with its context's name, so which one a context polls shows.
    const pagerduty = (name: string) => ({ incidents: async () => [name], oncalls: async () => [] }) as unknown as IncidentSource;
    // us names its own From address; ro names none.
    const from: Record<string, string> = { eu: 'ada@example.com', us: 'grace@example.com' };
    const one = async (name: string) => ({ context: { name, isProd: false, readOnly: name === 'ro', author: 'ada', ...(from[name] ? { pdFrom: from[name] } : {}) }, pagerduty: pagerduty(name) }) as unknown as DashboardDeps;
    const deps = await fleetDashboardDeps(['ro', 'eu', 'us'], { configDir: dir, io: { env } }, one);
    expect(deps.fleet!.map((f) => f.pagerdutyVia)).toEqual(['eu', undefined, 'eu']);
    // Writes through eu's client, each as the user its own context names.
    expect(deps.fleet!.map((f) => f.deps.context.pdFrom)).toEqual(['ada@example.com', 'ada@example.com', 'grace@example.com']);
    expect(await Promise.all(deps.fleet!.map((f) => f.deps.pagerduty!.incidents()))).toEqual([['eu'], ['eu'], ['eu']]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
