import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanagerFake, type AlertmanagerFake } from '../../../src/demo/alertmanager/server.js';

/** The fake on an injected clock: silences start, end and stop muting as time passes. */

let clock = Date.parse('2026-05-01T12:00:00Z');
let fake: AlertmanagerFake;
const MIN = 60_000;

beforeAll(async () => {
  fake = await startAlertmanagerFake({ now: () => new Date(clock) });
});
afterAll(async () => fake?.close());

const get = async (path: string): Promise<any> => (await fetch(`${fake.url}/api/v2${path}`)).json();
const post = async (path: string, body: unknown): Promise<Response> =>
  fetch(`${fake.url}/api/v2${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('Alertmanager fake on a moving clock', () => {
  it('mutes an alert only while a pending silence is active, and drops the alert once it times out', async () => {
    await post('/alerts', [{ labels: { alertname: 'Disk', service: 'db' } }]);
    const res = await post('/silences', {
      matchers: [{ name: 'service', value: 'db', isRegex: false }],
      startsAt: new Date(clock + 10 * MIN).toISOString(),
      endsAt: new Date(clock + 20 * MIN).toISOString(),
      createdBy: 'ada', comment: 'maintenance',
    });
    const { silenceID } = (await res.json()) as { silenceID: string };
    const status = async () => (await get('/alerts'))[0]?.status;
    expect(await status()).toEqual({ state: 'active', silencedBy: [], inhibitedBy: [] });

    clock += 11 * MIN;
    // Posted without endsAt: 5 minutes of resolve timeout, so it must be re-posted to stay.
    await post('/alerts', [{ labels: { alertname: 'Disk', service: 'db' } }]);
    expect(await status()).toEqual({ state: 'suppressed', silencedBy: [silenceID], inhibitedBy: [] });
    expect((await get(`/silence/${silenceID}`)).status.state).toBe('active');

    // The first post timed out at 12:05, so this is a new firing from 12:11; re-posting it keeps that start.
    clock += 4 * MIN;
    await post('/alerts', [{ labels: { alertname: 'Disk', service: 'db' } }]);
    const [alert] = await get('/alerts');
    expect(alert.startsAt).toBe('2026-05-01T12:11:00.000Z');

    clock += 10 * MIN;
    expect((await get(`/silence/${silenceID}`)).status.state).toBe('expired');
    expect(await get('/alerts')).toEqual([]);
  });

  it('inhibits only while the critical source fires, and only with equal alertname and service', async () => {
    await post('/alerts', [
      { labels: { alertname: 'Lat', service: 'a', severity: 'critical' }, endsAt: new Date(clock + 2 * MIN).toISOString() },
      { labels: { alertname: 'Lat', service: 'a', severity: 'warning' }, endsAt: new Date(clock + 30 * MIN).toISOString() },
      { labels: { alertname: 'Lat', service: 'b', severity: 'warning' }, endsAt: new Date(clock + 30 * MIN).toISOString() },
    ]);
    const inhibited = async () =>
      ((await get('/alerts?filter=alertname%3DLat')) as any[]).filter((a) => a.status.inhibitedBy.length > 0).map((a) => a.labels.service);
    expect(await inhibited()).toEqual(['a']);
    clock += 3 * MIN;
    expect(await inhibited()).toEqual([]);
  });
});
