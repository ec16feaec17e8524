import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/demo/alertmanager/labels.js';
import { startAlertmanagerFake } from '../../../src/demo/alertmanager/server.js';
import { startAlertmanager, waitFor } from '../../helpers/alertmanager.js';

/**
 * One set of expectations, run against the real Alertmanager 0.25 and against the demo fake: the fake
 * must behave like the real thing wherever a client can tell (except the documented 404 for an unknown id).
 */

const CONFIG = `
route:
  receiver: "oncall-demo"
  group_by: [alertname, service]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: "oncall-demo"
inhibit_rules:
  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [alertname, service]
`;

interface Target {
  name: 'real' | 'fake';
  url: string;
  stop(): Promise<void>;
}

const targets: Record<string, Target> = {};

beforeAll(async () => {
  const real = await startAlertmanager({ config: CONFIG });
  targets.real = { name: 'real', url: real.url, stop: () => real.stop() };
  const fake = await startAlertmanagerFake();
  targets.fake = { name: 'fake', url: fake.url, stop: () => fake.close() };
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(targets).map((t) => t.stop()));
});

const iso = (offsetMs: number): string => new Date(Date.now() + offsetMs).toISOString();
const MIN = 60_000;

async function call(t: Target, method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${t.url}/api/v2${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

const m = (name: string, value: string, extra: object = {}) => ({ name, value, isRegex: false, isEqual: true, ...extra });
const silence = (matchers: object[], startsAt: string, endsAt: string, extra: object = {}) => ({
  matchers, startsAt, endsAt, createdBy: 'test', comment: 'conformance', ...extra,
});

async function create(t: Target, body: object): Promise<string> {
  const r = await call(t, 'POST', '/silences', body);
  expect(r.status, r.text).toBe(200);
  return r.json.silenceID;
}

describe.each(['real', 'fake'])('Alertmanager v2 conformance: %s', (which) => {
  const t = (): Target => targets[which]!;

  it('creates a silence, starting now when the start is in the past', async () => {
    const id = await create(t(), silence([m('job', 'create')], iso(-10 * MIN), iso(60 * MIN)));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const got = await call(t(), 'GET', `/silence/${id}`);
    expect(got.json).toMatchObject({ id, status: { state: 'active' }, createdBy: 'test', matchers: [m('job', 'create')] });
    expect(Date.parse(got.json.startsAt)).toBeGreaterThan(Date.now() - MIN);
  });

  it('extends in place when matchers and start are sent back unchanged', async () => {
    const id = await create(t(), silence([m('job', 'extend')], iso(0), iso(60 * MIN)));
    const before = (await call(t(), 'GET', `/silence/${id}`)).json;
    const r = await call(t(), 'POST', '/silences', silence(before.matchers, before.startsAt, iso(120 * MIN), { id, comment: 'longer' }));
    expect(r.json.silenceID).toBe(id);
    const after = (await call(t(), 'GET', `/silence/${id}`)).json;
    expect(after).toMatchObject({ comment: 'longer', status: { state: 'active' } });
    expect(Date.parse(after.endsAt)).toBeGreaterThan(Date.parse(before.endsAt));
  });

  it('replaces (expires the old, returns a new id) when the start of an active silence moves', async () => {
    const id = await create(t(), silence([m('job', 'restart')], iso(0), iso(60 * MIN)));
    const r = await call(t(), 'POST', '/silences', silence([m('job', 'restart')], iso(-5 * MIN), iso(90 * MIN), { id }));
    expect(r.status).toBe(200);
    expect(r.json.silenceID).not.toBe(id);
    expect((await call(t(), 'GET', `/silence/${id}`)).json.status.state).toBe('expired');
    expect((await call(t(), 'GET', `/silence/${r.json.silenceID}`)).json.status.state).toBe('active');
  });

  it('replaces when the matchers change', async () => {
    const id = await create(t(), silence([m('job', 'm1')], iso(0), iso(60 * MIN)));
    const r = await call(t(), 'POST', '/silences', silence([m('job', 'm2')], iso(0), iso(60 * MIN), { id }));
    expect(r.json.silenceID).not.toBe(id);
    expect((await call(t(), 'GET', `/silence/${id}`)).json.status.state).toBe('expired');
  });

  it('moves a pending silence in place, but replaces it when its start moves into the past', async () => {
    const id = await create(t(), silence([m('job', 'pending')], iso(60 * MIN), iso(120 * MIN)));
    expect((await call(t(), 'GET', `/silence/${id}`)).json.status.state).toBe('pending');
    const later = await call(t(), 'POST', '/silences', silence([m('job', 'pending')], iso(90 * MIN), iso(150 * MIN), { id }));
    expect(later.json.silenceID).toBe(id);
    const now = await call(t(), 'POST', '/silences', silence([m('job', 'pending')], iso(-MIN), iso(150 * MIN), { id }));
    expect(now.json.silenceID).not.toBe(id);
    const old = (await call(t(), 'GET', `/silence/${id}`)).json;
    expect(old.status.state).toBe('expired');
    expect(old.startsAt).toBe(old.endsAt);
  });

  it('expires on DELETE, answers 200 again for an expired one, and refuses to update it in place', async () => {
    const id = await create(t(), silence([m('job', 'expire')], iso(0), iso(60 * MIN)));
    expect((await call(t(), 'DELETE', `/silence/${id}`)).status).toBe(200);
    const got = (await call(t(), 'GET', `/silence/${id}`)).json;
    expect(got.status.state).toBe('expired');
    expect(Date.parse(got.endsAt)).toBeLessThanOrEqual(Date.now());
    expect((await call(t(), 'DELETE', `/silence/${id}`)).status).toBe(200);
    const revive = await call(t(), 'POST', '/silences', silence([m('job', 'expire')], iso(0), iso(60 * MIN), { id }));
    expect(revive.json.silenceID).not.toBe(id);
  });

  it('answers unknown and malformed ids like the real one (DELETE unknown: 500 on 0.25, 404 on the fake)', async () => {
    const unknown = '6e0a9a3c-1111-4444-8888-123456789abc';
    const del = await call(t(), 'DELETE', `/silence/${unknown}`);
    expect(del.status).toBe(which === 'real' ? 500 : 404);
    expect(del.json).toBe('silence not found');
    expect((await call(t(), 'GET', `/silence/${unknown}`)).status).toBe(404);
    const post = await call(t(), 'POST', '/silences', silence([m('a', 'b')], iso(0), iso(MIN), { id: unknown }));
    expect([post.status, post.json]).toEqual([404, 'silence not found']);
    const bad = await call(t(), 'GET', '/silence/nope');
    expect([bad.status, bad.json]).toEqual([422, { code: 601, message: 'silenceID in path must be of type uuid: "nope"' }]);
  });

  it.each([
    ['missing isRegex', silence([{ name: 'a', value: 'b' }], iso(0), iso(MIN)), 422, { code: 602, message: 'matchers.0.isRegex in body is required' }],
    ['missing createdBy', { matchers: [m('a', 'b')], startsAt: iso(0), endsAt: iso(MIN), comment: 'c' }, 422, { code: 602, message: 'createdBy in body is required' }],
    ['no matchers', silence([], iso(0), iso(MIN)), 422, { code: 612, message: 'matchers in body should have at least 1 items' }],
    ['end before start', silence([m('a', 'b')], iso(MIN), iso(0)), 400, 'Failed to create silence: start time must be before end time'],
    ['end in the past', silence([m('a', 'b')], iso(-120 * MIN), iso(-60 * MIN)), 400, "Failed to create silence: end time can't be in the past"],
    ['matches everything', silence([m('a', '')], iso(0), iso(MIN)), 400, 'silence invalid: at least one matcher must not match the empty string'],
  ])('rejects a silence with %s', async (_what, body, status, answer) => {
    const r = await call(t(), 'POST', '/silences', body);
    expect([r.status, r.json]).toEqual([status, answer]);
    if (typeof answer === 'string') expect(r.text.endsWith('\n')).toBe(true);
  });

  it('lists silences active by end, then pending, then expired; filter compares matchers, not labels', async () => {
    const all = (await call(t(), 'GET', '/silences')).json as any[];
    const order = { active: 0, pending: 1, expired: 2 } as const;
    const ranks = all.map((s) => order[s.status.state as keyof typeof order]);
    expect(ranks).toEqual([...ranks].sort());
    const active = all.filter((s) => s.status.state === 'active').map((s) => Date.parse(s.endsAt));
    expect(active).toEqual([...active].sort((a, b) => a - b));
    const filtered = (await call(t(), 'GET', `/silences?filter=${encodeURIComponent('job="extend"')}`)).json as any[];
    expect(filtered.map((s) => s.matchers)).toEqual([[m('job', 'extend')]]);
    expect((await call(t(), 'GET', `/silences?filter=${encodeURIComponent('job=~"extend"')}`)).json).toEqual([]);
  });

  describe('alerts', () => {
    const critical = { alertname: 'Conf', service: 's', severity: 'critical' };
    const warning = { alertname: 'Conf', service: 's', severity: 'warning' };
    const other = { alertname: 'ConfOther', env: 'silenced-by-test' };
    let silenceId = '';

    beforeAll(async () => {
      silenceId = await create(t(), silence([m('env', 'silenced-by-test')], iso(0), iso(60 * MIN)));
      const r = await call(t(), 'POST', '/alerts', [{ labels: critical, annotations: { summary: 'hi' } }, { labels: warning }, { labels: other }]);
      expect(r.status).toBe(200);
      // The real inhibitor learns about new alerts asynchronously.
      await waitFor(async () => {
        const list = (await call(t(), 'GET', '/alerts')).json as any[];
        return list.some((a) => a.labels.severity === 'warning' && a.status.inhibitedBy.length > 0);
      }, 'the warning to be inhibited');
    });

    it('marks silenced and inhibited alerts, with the same fingerprints as the real one', async () => {
      const list = ((await call(t(), 'GET', '/alerts?filter=alertname%3D~%22Conf.*%22')).json as any[]).map((a) => ({
        fp: a.fingerprint, alertname: a.labels.alertname, severity: a.labels.severity, status: a.status, receivers: a.receivers,
      }));
      const fp = (labels: object) => list.find((a) => a.alertname === (labels as any).alertname && a.severity === (labels as any).severity)!.fp;
      expect(list.map((a) => a.fp)).toEqual([...list.map((a) => a.fp)].sort());
      expect(list).toHaveLength(3);
      expect(list.find((a) => a.severity === 'critical')!.status).toEqual({ inhibitedBy: [], silencedBy: [], state: 'active' });
      expect(list.find((a) => a.severity === 'warning')!.status).toEqual({ inhibitedBy: [fp(critical)], silencedBy: [], state: 'suppressed' });
      expect(list.find((a) => a.alertname === 'ConfOther')!.status).toEqual({ inhibitedBy: [], silencedBy: [silenceId], state: 'suppressed' });
      expect(fp(warning)).toBe(fingerprint(warning));
      expect(fp(critical)).toBe(fingerprint(critical));
      expect(list[0]!.receivers).toEqual([{ name: 'oncall-demo' }]);
    });

    it('filters by state flags and repeated matchers', async () => {
      const names = async (q: string) =>
        ((await call(t(), 'GET', `/alerts?filter=alertname%3D~%22Conf.*%22&${q}`)).json as any[]).map((a) => `${a.labels.alertname}/${a.labels.severity ?? ''}`).sort();
      expect(await names('silenced=false')).toEqual(['Conf/critical', 'Conf/warning']);
      expect(await names('inhibited=false')).toEqual(['Conf/critical', 'ConfOther/']);
      expect(await names('active=false')).toEqual(['Conf/warning', 'ConfOther/']);
      expect(await names('filter=severity%3Dcritical')).toEqual(['Conf/critical']);
      expect(await names('filter=severity!%3Dcritical&silenced=false')).toEqual(['Conf/warning']);
      const bad = await call(t(), 'GET', '/alerts?filter=%7Ba%3D');
      expect([bad.status, bad.json]).toEqual([400, 'bad matcher format: {a=']);
    });

    it('groups by alertname and service, in Alertmanager order', async () => {
      const groups = ((await call(t(), 'GET', '/alerts/groups?filter=alertname%3D~%22Conf.*%22')).json as any[]).map((g) => ({
        labels: g.labels, receiver: g.receiver, severities: g.alerts.map((a: any) => a.labels.severity ?? ''),
      }));
      expect(groups).toEqual([
        { labels: { alertname: 'ConfOther' }, receiver: { name: 'oncall-demo' }, severities: [''] },
        { labels: { alertname: 'Conf', service: 's' }, receiver: { name: 'oncall-demo' }, severities: ['critical', 'warning'] },
      ]);
    });

    it('rejects alerts without labels', async () => {
      expect(await call(t(), 'POST', '/alerts', [{ labels: {} }]).then((r) => [r.status, r.json])).toEqual([400, 'at least one label pair required']);
      expect(await call(t(), 'POST', '/alerts', [{ annotations: {} }]).then((r) => [r.status, r.json])).toEqual([422, { code: 602, message: '0.labels in body is required' }]);
    });

    it('drops alerts whose end has passed', async () => {
      await call(t(), 'POST', '/alerts', [{ labels: { alertname: 'ConfResolved' }, startsAt: iso(-60 * MIN), endsAt: iso(-MIN) }]);
      const list = (await call(t(), 'GET', '/alerts?filter=alertname%3DConfResolved')).json;
      expect(list).toEqual([]);
    });
  });

  it('reports its version in /status', async () => {
    const s = (await call(t(), 'GET', '/status')).json;
    expect(s.versionInfo.version).toMatch(/^0\.25\.0/);
    expect(s).toMatchObject({ cluster: { status: expect.any(String) }, config: { original: expect.stringContaining('route') } });
  });
});
