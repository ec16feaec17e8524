import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIo } from '../cli/helpers/io.js';
import { postAlerts, startAlertmanager, type AmServer } from '../helpers/alertmanager.js';
import { freePort } from '../helpers/net.js';
import { demoSeed, DEMO_FROM, DEMO_TOKEN, startFakePagerDuty, type FakePagerDuty } from '../helpers/pagerduty-fake.js';

const exec = promisify(execFile);

/** The headless commands, in-process, against a real Alertmanager 0.25 and the strict PagerDuty fake. */
let am: AmServer;
let pd: FakePagerDuty;
let configDir: string;
let env: NodeJS.ProcessEnv;

async function oncall(args: string[], extraEnv: NodeJS.ProcessEnv = {}, tty = false) {
  const io = captureIo({ ...env, ...extraEnv }, { tty, columns: 200 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** amtool lists active (and pending) silences, or with `expired` only the expired ones. */
async function amtoolSilences(expired = false): Promise<Array<{ id: string; status: { state: string }; endsAt: string; matchers: Array<{ name: string; value: string }> }>> {
  const { stdout } = await exec('amtool', ['--alertmanager.url', am.url, 'silence', 'query', ...(expired ? ['--expired'] : []), '-o', 'json']);
  return JSON.parse(stdout || '[]');
}

async function auditLines(): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(join(configDir, 'audit.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

beforeAll(async () => {
  am = await startAlertmanager();
  pd = await startFakePagerDuty(demoSeed());
  configDir = await mkdtemp(join(tmpdir(), 'oncall-cfg-'));
  env = {
    PATH: process.env.PATH,
    HOME: configDir,
    USER: 'tester',
    ONCALL_CONFIG_DIR: configDir,
    ALERTMANAGER_URL: am.url,
    PAGERDUTY_URL: pd.url,
    PAGERDUTY_API_TOKEN: DEMO_TOKEN,
    PAGERDUTY_FROM: DEMO_FROM,
  };
  await postAlerts(am.url, [
    { labels: { alertname: 'DiskFull', severity: 'critical', service: 'db', instance: 'db-1' }, annotations: { summary: 'disk 97% full' } },
    { labels: { alertname: 'DiskFull', severity: 'warning', service: 'db', instance: 'db-2' } },
    { labels: { alertname: 'HighLatency', severity: 'warning', service: 'api', instance: 'api-1' } },
  ]);
});

afterAll(async () => {
  await am?.stop();
  await pd?.close();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

describe('oncall alerts', () => {
  it('lists firing alerts filtered by matchers, most severe first', async () => {
    const { code, out } = await oncall(['alerts', 'service=db', '-o', 'json']);
    expect(code).toBe(0);
    const alerts = JSON.parse(out) as Array<{ labels: Record<string, string> }>;
    expect(alerts.map((a) => a.labels.instance)).toEqual(['db-1']); // db-2 (warning) is inhibited by the critical
    const all = JSON.parse((await oncall(['alerts', 'service=db', '--all', '-o', 'json'])).out) as unknown[];
    expect(all).toHaveLength(2);
  });

  it('takes a bare first word as the alertname and prints a table', async () => {
    const { code, out } = await oncall(['alerts', 'HighLatency']);
    expect(code).toBe(0);
    expect(out).toMatch(/ALERTNAME\s+SEVERITY/);
    expect(out).toContain('api-1');
    expect(out).not.toContain('DiskFull');
  });

  it('rejects a malformed matcher with exit 2 and a hint', async () => {
    const { code, err } = await oncall(['alerts', 'severity==critical']);
    expect(code).toBe(2);
    expect(err).toMatch(/not a matcher/);
    expect(err).toMatch(/hint:/);
  });

  it('says plainly when Alertmanager is down (exit 1)', async () => {
    const dead = await freePort();
    const { code, err } = await oncall(['alerts'], { ALERTMANAGER_URL: `http://127.0.0.1:${dead}` });
    expect(code).toBe(1);
    expect(err).toMatch(/connection refused/);
  });
});

describe('oncall silence', () => {
  beforeEach(async () => {
    for (const s of await amtoolSilences()) if (s.status.state !== 'expired') await exec('amtool', ['--alertmanager.url', am.url, 'silence', 'expire', s.id]);
  });

  it('adds, extends and expires a silence, audited before and after each write', async () => {
    const add = await oncall(['silence', 'add', 'alertname=HighLatency', 'service=api', '-d', '2h', '-m', 'deploying api v2']);
    expect(add.code).toBe(0);
    const id = add.out.trim();
    expect(add.err).toMatch(/matches 1 firing alert/);
    let seen = (await amtoolSilences()).find((s) => s.id === id);
    expect(seen?.status.state).toBe('active');
    expect(seen?.matchers.map((m) => `${m.name}=${m.value}`).sort()).toEqual(['alertname=HighLatency', 'service=api']);
    const firstEnd = Date.parse(seen!.endsAt);

    const ext = await oncall(['silence', 'extend', id, '--by', '1h']);
    expect(ext.code).toBe(0);
    expect(ext.out.startsWith(id)).toBe(true);
    seen = (await amtoolSilences()).find((s) => s.id === id);
    expect(Date.parse(seen!.endsAt) - firstEnd).toBeGreaterThanOrEqual(3_599_000);

    const exp = await oncall(['silence', 'expire', id, '--yes']);
    expect(exp.code).toBe(0);
    expect((await amtoolSilences()).find((s) => s.id === id)).toBeUndefined();
    expect((await amtoolSilences(true)).find((s) => s.id === id)?.status.state).toBe('expired');

    const lines = (await auditLines()).filter((l) => (l.ids as string[] | undefined)?.includes(id) || l.target === id || String(l.target).startsWith(id));
    expect(lines.map((l) => `${l.action}:${l.outcome}`)).toEqual(
      expect.arrayContaining(['silence.create:ok', 'silence.extend:ok', 'silence.expire:ok']),
    );
    const raw = await readFile(join(configDir, 'audit.jsonl'), 'utf8');
    expect(raw).not.toContain(DEMO_TOKEN);
  });

  it('sends nothing on bad input: bad duration, no comment, end in the past, match-all', async () => {
    const before = (await amtoolSilences()).length;
    for (const args of [
      ['silence', 'add', 'alertname=X', '-d', '1x', '-m', 'why'],
      ['silence', 'add', 'alertname=X', '-d', '1h'],
      ['silence', 'add', 'alertname=X', '--end', '2020-01-01T00:00:00Z', '-m', 'why'],
      ['silence', 'add', 'alertname=~".*"', '-m', 'why'],
      ['silence', 'add', 'alertname=X', '-d', '1000d', '-m', 'why'],
      ['silence', 'add', 'alertname=X', 'instance=db-1\nrm', '-m', 'why'],
    ]) {
      const r = await oncall(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/hint:/);
    }
    expect((await amtoolSilences()).length).toBe(before);
    expect((await oncall(['silence', 'add', 'alertname=X', '-d', '1000d', '-m', 'why'])).err).toMatch(/longer than max_silence \(30d\)/);
    expect((await oncall(['silence', 'add', 'alertname=X', 'instance=db-1\nrm', '-m', 'why'])).err).toMatch(/control character/);
  });

  it('does not stack a second identical silence when a command is run twice', async () => {
    const a = await oncall(['silence', 'add', 'alertname=DiskFull', '-m', 'same reason']);
    const b = await oncall(['silence', 'add', 'alertname=DiskFull', '-m', 'same reason']);
    expect(b.code).toBe(0);
    expect(b.out.trim()).toBe(a.out.trim());
    expect(b.err).toMatch(/identical silence already covers this/);
    expect((await amtoolSilences()).filter((s) => s.status.state === 'active')).toHaveLength(1);
  });

  it('still creates the silence when a look-alike would end sooner than asked', async () => {
    const short = await oncall(['silence', 'add', 'alertname=DiskFull', '-d', '2m', '-m', 'disk swap']);
    const long = await oncall(['silence', 'add', 'alertname=DiskFull', '-d', '4h', '-m', 'disk swap']);
    expect(long.code).toBe(0);
    expect(long.out.trim()).not.toBe(short.out.trim());
    expect((await amtoolSilences()).filter((s) => s.status.state === 'active')).toHaveLength(2);
  });

  it('--dry-run prints the request and creates nothing; --readonly refuses', async () => {
    const dry = await oncall(['silence', 'add', 'alertname=DiskFull', '-m', 'dry', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/POST .*\/api\/v2\/silences/);
    expect(dry.out).toContain('"isRegex": false');
    const ro = await oncall(['silence', 'add', 'alertname=DiskFull', '-m', 'ro', '--readonly']);
    expect(ro.code).toBe(2);
    expect(ro.err).toMatch(/read-only/);
    expect((await amtoolSilences()).filter((s) => s.status.state === 'active')).toHaveLength(0);
  });

  it('refuses to expire without --yes when there is no terminal to ask on', async () => {
    const id = (await oncall(['silence', 'add', 'alertname=DiskFull', '-m', 'keep'])).out.trim();
    const r = await oncall(['silence', 'expire', id]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--yes/);
    expect((await amtoolSilences()).find((s) => s.id === id)?.status.state).toBe('active');
    const unknown = await oncall(['silence', 'expire', '00000000-0000-0000-0000-000000000000', '--yes']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no silence with id/);
  });

  it('takes the short silence id the dashboard shows, and --until sets the end outright', async () => {
    const id = (await oncall(['silence', 'add', 'alertname=DiskFull', '-m', 'short id'])).out.trim();
    const short = id.slice(0, 8);
    const until = new Date(Date.now() + 5 * 3_600_000);
    until.setMilliseconds(0);
    const ext = await oncall(['silence', 'extend', short, '--until', until.toISOString()]);
    expect(ext.code).toBe(0);
    expect(Date.parse((await amtoolSilences()).find((s) => s.id === id)!.endsAt)).toBe(until.getTime());
    const both = await oncall(['silence', 'extend', short, '--by', '1h', '--until', until.toISOString()]);
    expect(both.code).toBe(2);
    const exp = await oncall(['silence', 'expire', short, '--yes']);
    expect(exp.code).toBe(0);
    expect(exp.out).toContain(`expired ${id}`);
    expect((await amtoolSilences(true)).find((s) => s.id === id)?.status.state).toBe('expired');
    const tooShort = await oncall(['silence', 'expire', id.slice(0, 6), '--yes']);
    expect(tooShort.code).toBe(2);
  });

  it('lists silences with how many firing alerts each matches', async () => {
    await oncall(['silence', 'add', 'alertname=NothingLikeThis', '-m', 'stale']);
    const { out, err } = await oncall(['silences']);
    expect(out).toMatch(/\bnone\s+NothingLikeThis\b/);
    expect(err).toMatch(/matches no firing alert/);
  });
});

describe('oncall incidents', () => {
  it('lists open incidents and acknowledges one with the From header', async () => {
    const list = JSON.parse((await oncall(['incidents', '-o', 'json'])).out) as Array<{ id: string; status: string }>;
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((i) => i.status !== 'resolved')).toBe(true);
    const target = list.find((i) => i.status === 'triggered')!;
    const ack = await oncall(['incident', 'ack', target.id]);
    expect(ack.code).toBe(0);
    const put = pd.requests.filter((r) => r.method === 'PUT').at(-1)!;
    expect(put.headers.from).toBe(DEMO_FROM);
    const after = JSON.parse((await oncall(['incidents', '-o', 'json'])).out) as Array<{ id: string; status: string }>;
    expect(after.find((i) => i.id === target.id)?.status).toBe('acknowledged');
  });

  it('lists an incident that is still open after five weeks', async () => {
    const old = pd.addIncident({ title: 'Certificate rotation stuck', status: 'acknowledged', createdAt: new Date(Date.now() - 35 * 86_400_000) });
    const list = JSON.parse((await oncall(['incidents', '-o', 'json'])).out) as Array<{ id: string }>;
    expect(list.map((i) => i.id)).toContain(old.id);
  });

  it('takes the incident number the dashboard shows (5 or #5) as well as the P… id', async () => {
    const number = pd.state.incidents.find((i) => i.id === 'PINC005')!.number;
    const ack = await oncall(['incident', 'ack', `#${number}`, '-o', 'json']);
    expect(ack.code).toBe(0);
    expect((JSON.parse(ack.out) as Array<{ id: string; status: string }>).map((i) => `${i.id}:${i.status}`)).toEqual(['PINC005:acknowledged']);
    const note = await oncall(['incident', 'note', String(number), 'looking into it']);
    expect(note.code).toBe(0);
    expect(note.out).toContain('added to PINC005');
    const resolve = await oncall(['incident', 'resolve', String(number)]);
    expect(resolve.code).toBe(2); // no terminal to ask on: the refusal names the target
    expect(resolve.err).toContain(`#${number} (PINC005)`);
    const unknown = await oncall(['incident', 'ack', '#9999']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no incident #9999/);
  });

  it('refuses writes without a From email, and bad ids, before sending', async () => {
    const sent = pd.requests.length;
    const noFrom = await oncall(['incident', 'ack', 'PINC005'], { PAGERDUTY_FROM: '' });
    expect(noFrom.code).toBe(2);
    expect(noFrom.err).toMatch(/PAGERDUTY_FROM/);
    const bad = await oncall(['incident', 'ack', 'not-an-id']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/not a PagerDuty incident id/);
    expect(pd.requests.length).toBe(sent);
  });

  it('resolve asks first; --dry-run shows the request with the token redacted', async () => {
    const dry = await oncall(['incident', 'resolve', 'PINC005', '--dry-run']);
    expect(dry.out).toMatch(/PUT .*\/incidents\/PINC005/);
    expect(dry.out).not.toContain(DEMO_TOKEN);
    expect((await oncall(['incident', 'resolve', 'PINC005'])).code).toBe(2);
    expect((await oncall(['incident', 'resolve', 'PINC005', '--yes'])).code).toBe(0);
    expect(pd.state.incidents.find((i: { id: string }) => i.id === 'PINC005')?.status).toBe('resolved');
  });

  it('adds a note and shows who is on call', async () => {
    const note = await oncall(['incident', 'note', 'PINC003', 'rolled', 'back', 'deploy']);
    expect(note.code).toBe(0);
    const who = await oncall(['who']);
    expect(who.out).toContain('Ada Lovelace');
    expect(who.out).toContain('Grace Hopper');
  });

  it('says what to do when the token is wrong, without printing it', async () => {
    const r = await oncall(['incidents'], { PAGERDUTY_API_TOKEN: 'wrong-secret-token' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/PAGERDUTY_API_TOKEN/);
    expect(r.err).not.toContain('wrong-secret-token');
  });
});

describe('oncall status', () => {
  it('exits 3 while a critical alert fires, and 1 when a source is down', async () => {
    const s = await oncall(['status'], { PAGERDUTY_API_TOKEN: DEMO_TOKEN });
    expect(s.code).toBe(3);
    expect(s.out).toMatch(/1 critical/);
    const dead = await freePort();
    const down = await oncall(['status'], { ALERTMANAGER_URL: `http://127.0.0.1:${dead}` });
    expect(down.code).toBe(1);
    expect(down.out).toMatch(/alertmanager\s+failing/);
  });
});
