import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clearSecretCache } from '../../src/cli/config/secrets.js';
import { openConfigStore } from '../../src/cli/config/store.js';
import { loadContext } from '../../src/cli/context.js';
import { dashboardDeps } from '../../src/cli/dashboard.js';
import { demoSeed, DEMO_FROM, DEMO_TOKEN, startFakePagerDuty, type FakePagerDuty } from '../helpers/pagerduty-fake.js';
import { captureIo } from './helpers/io.js';

/** A token command that fails once (a locked password store) must not leave PagerDuty failing for the session. */
let pd: FakePagerDuty;
let dir: string;

beforeAll(async () => {
  pd = await startFakePagerDuty(demoSeed());
  dir = await mkdtemp(join(tmpdir(), 'oncall-deps-'));
});

afterAll(async () => {
  await pd?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('reads the PagerDuty token again at the next poll after the token command failed', async () => {
  const tokenFile = join(dir, 'token');
  await openConfigStore(dir).write({
    current_context: 'prod',
    contexts: { prod: { pagerduty: { url: pd.url, token_command: `cat ${tokenFile}`, from: DEMO_FROM } } },
  });
  clearSecretCache();
  const env = { PATH: process.env.PATH, HOME: dir, USER: 't', ONCALL_CONFIG_DIR: dir };
  const io = captureIo(env);
  const ctx = await loadContext({ output: 'table' }, env);
  const deps = await dashboardDeps(ctx, { output: 'table', io } as Parameters<typeof dashboardDeps>[1]);
  await expect(deps.pagerduty!.incidents()).rejects.toThrow(/cat/);
  await writeFile(tokenFile, `${DEMO_TOKEN}\n`);
  const incidents = await deps.pagerduty!.incidents();
  expect(incidents.length).toBeGreaterThan(0);
  expect(incidents.every((i) => i.status !== 'resolved')).toBe(true);
});
