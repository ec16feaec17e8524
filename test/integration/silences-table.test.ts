import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIo } from '../cli/helpers/io.js';
import { postAlerts, startAlertmanager, type AmServer } from '../helpers/alertmanager.js';

/** `oncall silences` piped at 80 columns against a real Alertmanager 0.25: what people read fits. */
let am: AmServer;
let dir: string;

async function oncall(args: string[], columns = 80) {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'tester', ONCALL_CONFIG_DIR: dir, ALERTMANAGER_URL: am.url }, { tty: false, columns });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

const MATCHERS = ['alertname=DiskSpaceLow', 'service=orders'];
const COMMENT = 'db-2a maintenance';
let used = '';
let idle = '';

beforeAll(async () => {
  am = await startAlertmanager();
  dir = await mkdtemp(join(tmpdir(), 'oncall-sil-'));
  await postAlerts(am.url, [{ labels: { alertname: 'DiskSpaceLow', severity: 'warning', service: 'orders', instance: 'db-2a' } }]);
  used = (await oncall(['silence', 'add', ...MATCHERS, '-m', COMMENT, '-a', 'ada@example.com'])).out.trim();
  idle = (await oncall(['silence', 'add', 'alertname=NothingLikeThis', '-m', 'stale', '-a', 'grace'])).out.trim();
});

afterAll(async () => {
  await am?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('oncall silences at 80 columns', () => {
  it('shows the short id and the whole matchers and comment', async () => {
    const { code, out, err } = await oncall(['silences']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    const row = lines.find((l) => l.startsWith(used.slice(0, 8)))!;
    expect(row).toBeDefined();
    expect(row).not.toContain(used); // the short id, which the CLI takes as a prefix
    // amtool's own short syntax: the alertname bare, plain values unquoted (it parses back the same).
    expect(row).toContain('DiskSpaceLow service=orders');
    expect(row).toContain(`${COMMENT} (ada)`);
    // The silence that matches nothing says so in a short cell, explained under the table.
    expect(lines.find((l) => l.startsWith(idle.slice(0, 8)))).toMatch(/\bnone\b/);
    expect(err).toMatch(/1 silence matches no firing alert/);
  });

  it('-o wide and -o json keep everything: the whole id, state, author', async () => {
    const wide = await oncall(['silences', '-o', 'wide'], 300);
    expect(wide.code).toBe(0);
    expect(wide.out).toContain(used);
    expect(wide.out).toContain('ada@example.com');
    expect(wide.out).toMatch(/STATE/);
    const json = JSON.parse((await oncall(['silences', '-o', 'json'])).out) as Array<{ id: string; createdBy: string; matchingAlerts: number }>;
    expect(json.find((s) => s.id === used)).toMatchObject({ createdBy: 'ada@example.com', matchingAlerts: 1 });
    expect(json.find((s) => s.id === idle)?.matchingAlerts).toBe(0);
  });
});
