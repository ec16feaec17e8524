import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIo } from '../cli/helpers/io.js';
import { postAlerts, startAlertmanager, type AmServer } from '../helpers/alertmanager.js';

/** A list the CLI cuts short says how many it left out, against a real Alertmanager 0.25. */
let am: AmServer;
let dir: string;

async function oncall(args: string[]) {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'tester', ONCALL_CONFIG_DIR: dir, ALERTMANAGER_URL: am.url }, { tty: false, columns: 200 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  am = await startAlertmanager();
  dir = await mkdtemp(join(tmpdir(), 'oncall-cut-'));
  const instances = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  await postAlerts(am.url, instances.map((i) => ({ labels: { alertname: 'PodRestarting', severity: 'warning', service: 'api', instance: `pod-${i}` } })));
});

afterAll(async () => {
  await am?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('cut lists say how many more', () => {
  it('silence add: the preview lists five of seven alerts and says two more', async () => {
    const { code, err } = await oncall(['silence', 'add', 'PodRestarting', '-m', 'restarts', '--dry-run']);
    expect(code).toBe(0);
    expect(err).toMatch(/matches 7 firing alerts/);
    expect(err.match(/^ {2}· PodRestarting/gm)).toHaveLength(5);
    expect(err).toMatch(/^ {2}… and 2 more$/m);
  });

  it('runbook: the note names three of the six other alerts and says three more', async () => {
    const { err } = await oncall(['runbook', 'PodRestarting']);
    expect(err).toMatch(/6 more PodRestarting alerts are firing \(.*; … and 3 more\)/);
  });
});
