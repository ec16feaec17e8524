import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIo } from '../cli/helpers/io.js';
import { startAlertmanager, type AmServer } from '../helpers/alertmanager.js';
import { startFaultProxy, writes, type FaultProxy } from '../helpers/faults.js';
import { demoSeed, DEMO_FROM, DEMO_TOKEN, startFakePagerDuty, type FakePagerDuty } from '../helpers/pagerduty-fake.js';

const exec = promisify(execFile);

/**
 * Writes whose answer is lost: a loopback proxy forwards the write to a real Alertmanager 0.25 (or the
 * PagerDuty fake), lets it act, then cuts the connection. The command must read back before it says
 * anything, and a user who retries must not get a second silence, a doubled extension or a second note.
 */
let am: AmServer;
let pd: FakePagerDuty;
let amProxy: FaultProxy;
let pdProxy: FaultProxy;
let configDir: string;
let env: NodeJS.ProcessEnv;

async function oncall(args: string[]) {
  const io = captureIo(env, { tty: false, columns: 200 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function amtoolSilences(): Promise<Array<{ id: string; endsAt: string; status: { state: string }; comment: string }>> {
  const { stdout } = await exec('amtool', ['--alertmanager.url', am.url, 'silence', 'query', '-o', 'json']);
  return JSON.parse(stdout || '[]');
}

async function audit(): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(join(configDir, 'audit.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** The outcome lines (not `started`) of the writes whose op started with `action`. */
async function outcomes(action: string): Promise<Array<Record<string, unknown>>> {
  return (await audit()).filter((l) => l.action === action && l.outcome !== 'started');
}

/** Matches the reads that come after the next write through the Alertmanager proxy: the read-back. */
function afterNextWrite(): (method: string) => boolean {
  const writesSoFar = amProxy.requests.filter((r) => writes(r.method)).length;
  return (method) => method === 'GET' && amProxy.requests.filter((r) => writes(r.method)).length > writesSoFar;
}

beforeAll(async () => {
  am = await startAlertmanager();
  pd = await startFakePagerDuty(demoSeed());
  amProxy = await startFaultProxy(am.url);
  pdProxy = await startFaultProxy(pd.url);
  configDir = await mkdtemp(join(tmpdir(), 'oncall-lost-'));
  env = {
    PATH: process.env.PATH,
    HOME: configDir,
    USER: 'tester',
    ONCALL_CONFIG_DIR: configDir,
    ALERTMANAGER_URL: amProxy.url,
    PAGERDUTY_URL: pdProxy.url,
    PAGERDUTY_API_TOKEN: DEMO_TOKEN,
    PAGERDUTY_FROM: DEMO_FROM,
  };
});

afterAll(async () => {
  await amProxy?.close();
  await pdProxy?.close();
  await am?.stop();
  await pd?.close();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

beforeEach(async () => {
  amProxy.clear();
  pdProxy.clear();
  for (const s of await amtoolSilences()) if (s.status.state !== 'expired') await exec('amtool', ['--alertmanager.url', am.url, 'silence', 'expire', s.id]);
  await rm(join(configDir, 'audit.jsonl'), { force: true });
});

describe('a silence whose answer is lost', () => {
  it('is reported created after reading it back (exit 0), audited ok+reconciled, and a retry makes no second one', async () => {
    amProxy.inject({ kind: 'dropAnswer' }, { count: 1, match: writes });
    const add = await oncall(['silence', 'add', 'alertname=DiskFull', '-d', '2h', '-m', 'lost answer']);
    expect(add.err).toContain('created (the answer was lost; confirmed by reading it back)');
    expect(add.code).toBe(0);
    const id = add.out.trim();
    expect((await amtoolSilences()).filter((s) => s.status.state === 'active').map((s) => s.id)).toEqual([id]);
    expect(await outcomes('silence.create')).toEqual([expect.objectContaining({ outcome: 'ok', reconciled: true, ids: [id] })]);

    const retry = await oncall(['silence', 'add', 'alertname=DiskFull', '-d', '2h', '-m', 'lost answer']);
    expect(retry.code).toBe(0);
    expect(retry.out.trim()).toBe(id);
    expect((await amtoolSilences()).filter((s) => s.status.state === 'active')).toHaveLength(1);
  });

  it('exits 5 with the command to check when reading back fails too; the retry still makes exactly one', async () => {
    // The preview's two reads pass; the write's answer is lost, and so is the read-back's after it.
    amProxy.inject({ kind: 'dropAnswer' }, { count: 1, match: writes });
    amProxy.inject({ kind: 'dropAnswer' }, { count: 1, match: afterNextWrite() });
    const add = await oncall(['silence', 'add', 'alertname=DiskFull', '-m', 'unknown outcome']);
    expect(add.code).toBe(5);
    expect(add.err).toMatch(/outcome unknown/);
    expect(add.err).toMatch(/check with `oncall silences 'alertname="?DiskFull"?'`/);
    expect(await outcomes('silence.create')).toEqual([expect.objectContaining({ outcome: 'unknown' })]);

    amProxy.clear();
    const retry = await oncall(['silence', 'add', 'alertname=DiskFull', '-m', 'unknown outcome']);
    expect(retry.code).toBe(0);
    expect((await amtoolSilences()).filter((s) => s.status.state === 'active')).toHaveLength(1);
  });

  it('an extension whose answer is lost ends where it was put, and a retry after an unknown outcome does not add again', async () => {
    const id = (await oncall(['silence', 'add', 'alertname=HighLatency', '-d', '1h', '-m', 'extend me'])).out.trim();
    const firstEnd = Date.parse((await amtoolSilences()).find((s) => s.id === id)!.endsAt);

    amProxy.inject({ kind: 'dropAnswer' }, { count: 1, match: writes });
    const ext = await oncall(['silence', 'extend', id, '--by', '1h']);
    expect(ext.code).toBe(0);
    expect(ext.err).toContain('extended (the answer was lost; confirmed by reading it back)');
    let active = (await amtoolSilences()).filter((s) => s.status.state === 'active');
    expect(active).toHaveLength(1);
    expect(Date.parse(active[0]!.endsAt) - firstEnd).toBe(3_600_000);

    // Now the answer is lost and the read-back fails: unknown, exit 5. The user runs the same command again.
    const before = Date.parse(active[0]!.endsAt);
    amProxy.inject({ kind: 'dropAnswer' }, { count: 1, match: writes });
    amProxy.inject({ kind: 'dropAnswer' }, { count: 1, match: afterNextWrite() });
    const lost = await oncall(['silence', 'extend', active[0]!.id, '--by', '1h']);
    expect(lost.code).toBe(5);
    const started = (await audit()).filter((l) => l.action === 'silence.extend' && l.outcome === 'started').at(-1)!;
    expect(Date.parse(String(started.end))).toBe(before + 3_600_000);

    amProxy.clear();
    const retry = await oncall(['silence', 'extend', active[0]!.id, '--by', '1h']);
    expect(retry.code).toBe(0);
    expect(retry.err).toMatch(/already extended .* nothing sent/);
    active = (await amtoolSilences()).filter((s) => s.status.state === 'active');
    expect(active).toHaveLength(1);
    expect(Date.parse(active[0]!.endsAt)).toBe(before + 3_600_000);
  });

  it('an expire whose answer is lost is confirmed by reading it back', async () => {
    const id = (await oncall(['silence', 'add', 'alertname=Expiring', '-m', 'expire me'])).out.trim();
    amProxy.inject({ kind: 'dropAnswer' }, { count: 1, match: writes });
    const exp = await oncall(['silence', 'expire', id, '--yes']);
    expect(exp.code).toBe(0);
    expect(exp.err).toContain('expired (the answer was lost; confirmed by reading it back)');
    expect(await outcomes('silence.expire')).toEqual([expect.objectContaining({ outcome: 'ok', reconciled: true })]);
  });
});

describe('an incident write whose answer is lost', () => {
  it('an ack is confirmed by reading the incident back', async () => {
    pdProxy.inject({ kind: 'dropAnswer' }, { count: 1, match: writes });
    const ack = await oncall(['incident', 'ack', 'PINC002']);
    expect(ack.err).toContain('acknowledged (the answer was lost; confirmed by reading it back)');
    expect(ack.code).toBe(0);
    expect(pd.state.incidents.find((i) => i.id === 'PINC002')?.status).toBe('acknowledged');
    expect(await outcomes('incident.ack')).toEqual([expect.objectContaining({ outcome: 'ok', reconciled: true })]);
  });

  it('a note is confirmed by reading it back, and the retry does not add it twice', async () => {
    const notes = () => pd.state.incidents.find((i) => i.id === 'PINC003')!.notes.filter((n) => n.content === 'rolled back 4512');
    pdProxy.inject({ kind: 'dropAnswer' }, { count: 1, match: writes });
    const note = await oncall(['incident', 'note', 'PINC003', 'rolled back 4512']);
    expect(note.err).toContain('note added (the answer was lost; confirmed by reading it back)');
    expect(note.code).toBe(0);
    const retry = await oncall(['incident', 'note', 'PINC003', 'rolled back 4512']);
    expect(retry.code).toBe(0);
    expect(retry.err).toMatch(/already says this/);
    expect(notes()).toHaveLength(1);
    expect(pdProxy.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});
