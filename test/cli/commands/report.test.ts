import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, PD_ACCEPT, startFakePagerDuty, type FakePagerDuty } from '../../helpers/pagerduty-fake.js';

/**
 * MTTA/MTTR against the PagerDuty fake, with a history written through its API at chosen times. The
 * expected figures are computed here from the fake's own log, not by the code under test.
 */
const MIN = 60_000;
let pd: FakePagerDuty | undefined;
let dir: string | undefined;
afterEach(async () => {
  await pd?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function fakeWithHistory(analytics: boolean) {
  const now = Date.now();
  let clock = now;
  const seed = demoSeed(new Date(now));
  seed.incidents = [];
  seed.analytics = analytics;
  pd = await startFakePagerDuty({ ...seed, now: () => new Date(clock) });
  const put = async (id: string, status: string, at: number) => {
    clock = at;
    const res = await fetch(`${pd!.url}/incidents/${id}`, {
      method: 'PUT',
      headers: { Authorization: `Token token=${DEMO_TOKEN}`, Accept: PD_ACCEPT, 'Content-Type': 'application/json', From: DEMO_FROM },
      body: JSON.stringify({ incident: { type: 'incident_reference', status } }),
    });
    expect(res.status).toBe(200);
  };
  // [service, urgency, created minutes ago, ack after minutes (or null), resolve after minutes (or null)]
  const history: Array<[string, 'high' | 'low', number, number | null, number | null]> = [
    ['PSVCAPI', 'high', 3000, 3, 40], ['PSVCAPI', 'high', 2000, 9, 70], ['PSVCAPI', 'high', 1500, 1, 20],
    ['PSVCAPI', 'low', 1000, 25, 200], ['PSVCDB1', 'high', 900, null, 30], ['PSVCDB1', 'high', 30, 2, null],
    ['PSVCDB1', 'low', 60 * 24 * 40, 5, 10],
  ];
  for (const [service, urgency, ago, ack, resolve] of history) {
    clock = now - ago * MIN;
    const i = pd.addIncident({ title: `${service} ${ago}`, service, urgency, createdAt: new Date(clock) });
    if (ack !== null) await put(i.id, 'acknowledged', now - ago * MIN + ack * MIN);
    if (resolve !== null) await put(i.id, 'resolved', now - ago * MIN + resolve * MIN);
  }
  clock = now;
  dir = await mkdtemp(join(tmpdir(), 'oncall-report-'));
}

async function report(args: string[]) {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'ada', ONCALL_CONFIG_DIR: dir, PAGERDUTY_URL: pd!.url, PAGERDUTY_API_TOKEN: DEMO_TOKEN, PAGERDUTY_FROM: DEMO_FROM }, { tty: false, columns: 160 });
  const code = await run(['report', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

/** From the fake's own history: seconds to first ack / resolve of incidents created in the last `days`. */
function expected(service?: string, days = 30, urgency?: string) {
  const since = Date.now() - days * 24 * 60 * MIN;
  const list = pd!.state.incidents.filter((i) => i.createdAt.getTime() >= since && (!service || i.serviceId === service) && (!urgency || i.urgency === urgency));
  const secs = (type: string) =>
    list.flatMap((i) => {
      const e = i.log.find((l) => l.type === type);
      return e ? [Math.round((e.createdAt.getTime() - i.createdAt.getTime()) / 1000)] : [];
    });
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1];
  const summary = (xs: number[]) => ({ mean: Math.round(xs.reduce((a, b) => a + b, 0) / xs.length), p50: pct(xs, 50), p90: pct(xs, 90) });
  return { incidents: list.length, mtta: summary(secs('acknowledge_log_entry')), mttr: summary(secs('resolve_log_entry')) };
}

type Report = {
  since: string;
  until: string;
  source: string;
  overall: { incidents: number; mtta: object; mttr: object; targetsMet: number | null };
  services: Array<{ service: string; urgency: string; incidents: number; mtta: object; mttr: object; targetsMet: number | null }>;
};

describe('oncall report', () => {
  it('computes MTTA/MTTR from the incidents\' logs when the account has no analytics', async () => {
    await fakeWithHistory(false);
    const { code, out, err } = await report(['-o', 'json']);
    expect(code).toBe(0);
    const r = JSON.parse(out) as Report;
    expect(r.source).toBe('log_entries');
    expect(err).toMatch(/analytics not available \(this PagerDuty account has no analytics API, HTTP 404\)/);
    expect(r.overall).toMatchObject(expected());
    // checkout-api high: acks 3, 9, 1 min (target 5m) and resolves 40, 70, 20 min (1h): two of three met.
    expect(r.services.find((s) => s.service === 'checkout-api' && s.urgency === 'high')).toMatchObject({ incidents: 3, targetsMet: 2 / 3 });
    // Reading the logs again is not needed for resolved incidents: they come from the cache.
    const logReads = () => pd!.requests.filter((q) => q.path.endsWith('/log_entries')).length;
    const before = logReads();
    await report(['-o', 'json']);
    expect(logReads() - before).toBe(1);
  });

  it('gives the same figures from PagerDuty analytics, and says which source it used', async () => {
    await fakeWithHistory(true);
    const r = JSON.parse((await report(['-o', 'json'])).out) as Report;
    expect(r.source).toBe('analytics');
    expect(r.overall).toMatchObject(expected());
    expect(pd!.requests.some((q) => q.path.endsWith('/log_entries'))).toBe(false);
    const one = JSON.parse((await report(['--service', 'postgres-primary', '-o', 'json'])).out) as Report;
    expect(one.overall.incidents).toBe(expected('PSVCDB1').incidents);
  });

  it('--since sets the period: since/until in the JSON, and only incidents created in it are counted, per service too', async () => {
    await fakeWithHistory(false);
    const before = Date.now();
    const day = JSON.parse((await report(['--since', '1d', '-o', 'json'])).out) as Report;
    const after = Date.now();
    expect(Date.parse(day.until)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(day.until)).toBeLessThanOrEqual(after);
    expect(Date.parse(day.until) - Date.parse(day.since)).toBe(24 * 60 * MIN);
    // Created 1000, 900 and 30 minutes ago; the older ones fall outside the day.
    expect(day.overall).toMatchObject(expected(undefined, 1));
    expect(day.overall.incidents).toBe(3);
    expect(day.overall).not.toMatchObject({ incidents: expected().incidents });
    const row = (r: Report, service: string, urgency: string) => r.services.find((s) => s.service === service && s.urgency === urgency);
    expect(row(day, 'checkout-api', 'high')).toBeUndefined();
    expect(row(day, 'checkout-api', 'low')).toMatchObject(expected('PSVCAPI', 1, 'low'));
    expect(row(day, 'postgres-primary', 'high')).toMatchObject(expected('PSVCDB1', 1, 'high'));
    // Sixty days reach the incident from 40 days ago.
    const two = JSON.parse((await report(['--since', '60d', '-o', 'json'])).out) as Report;
    expect(two.overall).toMatchObject(expected(undefined, 60));
    expect(two.overall.incidents).toBe(7);
    expect(row(two, 'postgres-primary', 'low')).toMatchObject({ incidents: 1, mtta: { mean: 300, p50: 300, p90: 300 }, mttr: { mean: 600, p50: 600, p90: 600 } });
    expect(row(two, 'checkout-api', 'high')).toMatchObject(expected('PSVCAPI', 60, 'high'));
  });
});
