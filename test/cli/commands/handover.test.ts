import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/main.js';
import { startAlertmanagerFake, type AlertmanagerFake } from '../../../src/demo/alertmanager/server.js';
import { captureIo } from '../helpers/io.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, PD_ACCEPT, startFakePagerDuty, type FakePagerDuty } from '../../helpers/pagerduty-fake.js';

/**
 * `oncall handover` against the PagerDuty and Alertmanager fakes, with a shift written at chosen
 * times: the incidents' MTTA/MTTR, the silences ending next shift and who is on call then, and what
 * `--since` changes. Expected figures come from the fakes' own history.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;
let pd: FakePagerDuty;
let am: AlertmanagerFake;
let dir: string;
let now: number;

beforeAll(async () => {
  now = Date.now();
  let clock = now;
  const seed = demoSeed(new Date(now));
  seed.incidents = [];
  pd = await startFakePagerDuty({ ...seed, now: () => new Date(clock) });
  const put = async (id: string, status: string, at: number) => {
    clock = at;
    const res = await fetch(`${pd.url}/incidents/${id}`, {
      method: 'PUT',
      headers: { Authorization: `Token token=${DEMO_TOKEN}`, Accept: PD_ACCEPT, 'Content-Type': 'application/json', From: DEMO_FROM },
      body: JSON.stringify({ incident: { type: 'incident_reference', status } }),
    });
    expect(res.status).toBe(200);
  };
  // [title, created minutes ago, ack after, resolve after (minutes)]
  const shift: Array<[string, number, number, number | null]> = [['early', 5 * 60, 10, null], ['first', 90, 2, 20], ['second', 60, 6, 40]];
  for (const [title, ago, ack, resolve] of shift) {
    clock = now - ago * MIN;
    const i = pd.addIncident({ title, service: 'PSVCAPI', urgency: 'high', createdAt: new Date(clock) });
    await put(i.id, 'acknowledged', clock + ack * MIN);
    if (resolve !== null) await put(i.id, 'resolved', now - ago * MIN + resolve * MIN);
  }
  clock = now;
  am = await startAlertmanagerFake();
  const silence = (comment: string, endsIn: number) =>
    am.silences.set({ matchers: [{ name: 'alertname', value: comment, isRegex: false, isEqual: true }], startsAt: now - HOUR, endsAt: now + endsIn, createdBy: 'grace', comment });
  silence('DiskFull', 90 * MIN);
  silence('Maintenance', 5 * HOUR);
  silence('LongWork', 30 * HOUR);
  dir = await mkdtemp(join(tmpdir(), 'oncall-handover-'));
});

afterAll(async () => {
  await pd?.close();
  await am?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function handover(args: string[]) {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'ada', ONCALL_CONFIG_DIR: dir, PAGERDUTY_URL: pd.url, PAGERDUTY_API_TOKEN: DEMO_TOKEN, PAGERDUTY_FROM: DEMO_FROM, ALERTMANAGER_URL: am.url }, { columns: 160 });
  const code = await run(['handover', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

/** The lines of one Markdown section, without its heading and blank lines. */
function section(md: string, heading: string): string[] {
  const parts = md.split(/^## /m);
  const part = parts.find((p) => p.startsWith(heading)) ?? '';
  return part.split('\n').slice(1).filter((l) => l.trim() !== '');
}

/** Seconds to first ack / resolve of the incidents created since `sinceMs` ago, from the fake's log. */
function fromLog(sinceMs: number, type: string): number[] {
  return pd.state.incidents
    .filter((i) => i.createdAt.getTime() >= now - sinceMs)
    .flatMap((i) => {
      const e = i.log.find((l) => l.type === type);
      return e ? [Math.round((e.createdAt.getTime() - i.createdAt.getTime()) / 1000)] : [];
    });
}
const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);

describe('oncall handover', () => {
  it('gives each incident of the shift its time to ack and resolve, and the shift\'s MTTA/MTTR', async () => {
    const { code, out, err } = await handover([]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const incidents = section(out, 'Incidents this shift');
    expect(incidents[0]).toBe('MTTA 6m (p90 10m), MTTR 30m (p90 40m), response targets met: 33%');
    const row = (title: string) => incidents.find((l) => l.includes(` ${title} `)) ?? '';
    expect(row('first')).toMatch(/\| first \| checkout-api \| resolved \| 2m \| 20m \|$/);
    expect(row('second')).toMatch(/\| second \| checkout-api \| resolved \| 6m \| 40m \|$/);
    expect(row('early')).toMatch(/\| early \| checkout-api \| acknowledged \| 10m \| – \|$/);
    expect(section(out, 'Still open')).toEqual([expect.stringMatching(/^- #\d+ early \(checkout-api\): acknowledged for 4h50m/)]);
  });

  it('names the silences that end during the next shift, soonest first, and who is on call then', async () => {
    const { out } = await handover([]);
    const silences = section(out, 'Silences ending next shift');
    expect(silences).toHaveLength(2);
    expect(silences[0]).toMatch(/^- `[0-9a-f]{8}` \{alertname="DiskFull"\} ends .* UTC \(grace: DiskFull\)$/);
    expect(silences[1]).toContain('{alertname="Maintenance"}');
    expect(out).not.toContain('LongWork');
    const next = section(out, 'On call next');
    expect(next).toContain('- Payments On-Call, level 1: Ada Lovelace from ' + clock(now - 8 * HOUR) + ' UTC');
    expect(next).toContain('- Payments On-Call, level 2: Grace Hopper from ' + clock(now - 8 * HOUR) + ' UTC');
    expect(next).toContain('- Platform On-Call, level 1: Linus Torvalds from ' + clock(now - 3 * 24 * HOUR) + ' UTC');
    // Grace takes over the primary in 16h: after a 12h shift.
    expect(next.some((l) => l.includes('level 1: Grace Hopper'))).toBe(false);
  });

  it('--since sets the shift: older incidents drop out of the figures, and the next shift is as long', async () => {
    const { code, out } = await handover(['--since', '2h', '-o', 'json']);
    expect(code).toBe(0);
    const h = JSON.parse(out) as {
      since: string; until: string;
      incidents: Array<{ incident: { title: string }; ackSeconds: number; resolveSeconds: number | null }>;
      summary: { incidents: number; mtta: { mean: number; p90: number }; mttr: { mean: number; p90: number } };
      expiring: Array<{ comment: string }>;
      nextOnCall: Array<{ user: { name: string }; level: number }>;
    };
    expect(Date.parse(h.until) - Date.parse(h.since)).toBe(2 * HOUR);
    expect(Date.parse(h.until)).toBeGreaterThanOrEqual(now);
    expect(h.incidents.map((i) => [i.incident.title, i.ackSeconds, i.resolveSeconds]).sort()).toEqual([['first', 120, 1200], ['second', 360, 2400]]);
    const acks = fromLog(2 * HOUR, 'acknowledge_log_entry');
    const resolves = fromLog(2 * HOUR, 'resolve_log_entry');
    expect(h.summary).toMatchObject({ incidents: 2, mtta: { mean: mean(acks), p90: Math.max(...acks) }, mttr: { mean: mean(resolves), p90: Math.max(...resolves) } });
    expect(h.expiring.map((s) => s.comment)).toEqual(['DiskFull']);
  });

  it('a next shift that reaches the hand-over of a rotation names who comes on then', async () => {
    const { out } = await handover(['--since', '20h']);
    expect(section(out, 'On call next')).toContain(`- Payments On-Call, level 1: Grace Hopper from ${clock(now + 16 * HOUR)} UTC`);
    expect(section(out, 'Silences ending next shift')).toHaveLength(2);
  });
});

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
