import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

it(':ctx NAME reads the other context as its config says: the URL flags given for the first one stay with it', async () => {
  const seen: string[] = [];
  const server = (name: string) =>
    createServer((req, res) => {
      seen.push(`${name} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
  const [eu, us, direct] = [server('eu'), server('us'), server('direct')];
  const url = async (s: Server) => {
    await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };
  try {
    await openConfigStore(dir).write({ current_context: 'eu', contexts: { eu: { alertmanager: { urls: [await url(eu)] } }, us: { alertmanager: { urls: [await url(us)] } } } });
    const env = { PATH: process.env.PATH, HOME: dir, USER: 't', ONCALL_CONFIG_DIR: dir };
    const flags = { output: 'table', alertmanagerUrl: [await url(direct)], io: captureIo(env) } as Parameters<typeof dashboardDeps>[1];
    const deps = await dashboardDeps(await loadContext(flags, env), flags);
    await deps.alertmanager!.alerts();
    const next = await deps.switchContext!('us');
    await next.alertmanager!.alerts();
    expect(seen.map((s) => s.split(' ')[0])).toEqual(['direct', 'us']);
  } finally {
    for (const s of [eu, us, direct]) s.close();
  }
});
