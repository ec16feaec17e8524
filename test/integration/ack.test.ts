import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oncallAgainst } from '../helpers/oncall.js';
import { postAlerts, startAlertmanager, waitFor, type AmServer } from '../helpers/alertmanager.js';
import { DEMO_FROM, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../helpers/pagerduty-fake.js';

const exec = promisify(execFile);

/**
 * One ack for both systems, against real Alertmanager 0.25 paging the PagerDuty fake: the incident
 * Alertmanager opened is acknowledged, and an ack silence on the group tells Alertmanager (and
 * karma, and amtool) who acknowledged it. The acknowledged alerts stay visible as acked.
 */
let am: AmServer;
let pd: FakePagerDuty;
let dir: string;

const AM_CONFIG = (pdUrl: string) => `
route:
  receiver: pager
  group_by: [alertname, service]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - matchers: ['severity="info"']
      receiver: "null"
receivers:
  - name: "null"
  - name: pager
    pagerduty_configs:
      - routing_key: rk
        url: ${pdUrl}/v2/enqueue
`;

const oncall = (args: string[]) => oncallAgainst(dir, { alertmanager: am.url, pagerduty: pd.url }, args, 'ada');

beforeAll(async () => {
  const seed = demoSeed();
  seed.incidents = [];
  seed.services = [{ name: 'checkout', integrationKey: 'rk' }];
  pd = await startFakePagerDuty(seed);
  am = await startAlertmanager({ config: AM_CONFIG(pd.url) });
  dir = await mkdtemp(join(tmpdir(), 'oncall-ack-'));
  await postAlerts(am.url, [
    { labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical', instance: 'a' } },
    { labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical', instance: 'b' } },
    { labels: { alertname: 'DiskFull', service: 'db', severity: 'warning' } },
  ]);
  await waitFor(async () => pd.state.incidents.length >= 2, 'Alertmanager to open two incidents');
});

afterAll(async () => {
  await am?.stop();
  await pd?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('oncall ack', () => {
  it('refuses from a script without --yes, naming the incident, and sends nothing', async () => {
    const writes = () => pd.requests.filter((r) => r.method !== 'GET' && r.path !== '/v2/enqueue').length;
    const before = writes();
    const { code, err } = await oncall(['ack', 'alertname=HighErrorRate']);
    expect(code).toBe(2);
    const incident = pd.state.incidents.find((i) => i.title.includes('HighErrorRate'))!;
    expect(err).toContain(`acknowledge #${incident.number}`);
    expect(writes()).toBe(before);
    expect(incident.status).toBe('triggered');
  });

  it('acknowledges the incident and silences exactly the group, marked as an ack', async () => {
    const { code, out } = await oncall(['ack', 'alertname=HighErrorRate', '--yes']);
    expect(code).toBe(0);
    const incident = pd.state.incidents.find((i) => i.title.includes('HighErrorRate'))!;
    expect(incident.status).toBe('acknowledged');
    expect(out).toMatch(new RegExp(`acknowledged #${incident.number}; ack silence [0-9a-f]{8} created`));
    const { stdout } = await exec('amtool', ['--alertmanager.url', am.url, 'silence', 'query', '-o', 'json']);
    const silences = JSON.parse(stdout) as Array<{ comment: string; matchers: Array<{ name: string; value: string; isRegex: boolean }>; endsAt: string; startsAt: string }>;
    expect(silences).toHaveLength(1);
    expect(silences[0]!.comment).toBe(`ack: PagerDuty #${incident.number} (${incident.id}) by ${DEMO_FROM}`);
    expect(silences[0]!.matchers.map((m) => `${m.name}=${m.value}`).sort()).toEqual(['alertname=HighErrorRate', 'service=checkout']);
    // An hour by default (Alertmanager moves startsAt to when it received the silence).
    expect(Date.parse(silences[0]!.endsAt) - Date.parse(silences[0]!.startsAt)).toBeGreaterThan(3600_000 - 2000);
    expect(Date.parse(silences[0]!.endsAt) - Date.parse(silences[0]!.startsAt)).toBeLessThanOrEqual(3600_000);
    // The other group and its incident are untouched.
    expect(pd.state.incidents.find((i) => i.title.includes('DiskFull'))!.status).toBe('triggered');
    const audit = (await readFile(join(dir, 'audit.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(audit.filter((l) => l.outcome === 'ok').map((l) => l.action).sort()).toEqual(['incident.ack', 'silence.create']);
  });

  it('shows acknowledged alerts as acked instead of hiding them as silenced', async () => {
    const alerts = JSON.parse((await oncall(['alerts', '-o', 'json'])).out) as Array<{ labels: Record<string, string>; ack: { by: string; incident: number } | null }>;
    const acked = alerts.filter((a) => a.labels.alertname === 'HighErrorRate');
    expect(acked).toHaveLength(2);
    const incident = pd.state.incidents.find((i) => i.title.includes('HighErrorRate'))!;
    for (const a of acked) expect(a.ack).toMatchObject({ by: DEMO_FROM, incident: incident.number });
    expect(alerts.find((a) => a.labels.alertname === 'DiskFull')!.ack).toBeNull();
    const table = (await oncall(['alerts'])).out;
    expect(table).toMatch(/HighErrorRate.*acked by ada/);
  });

  it('is safe to repeat: no second silence, nothing acked twice', async () => {
    const { code, out } = await oncall(['ack', 'alertname=HighErrorRate', '--yes']);
    expect(code).toBe(0);
    expect(out).toMatch(/already acknowledged; ack silence [0-9a-f]{8} exists/);
    const { stdout } = await exec('amtool', ['--alertmanager.url', am.url, 'silence', 'query', '-q']);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('acks a group with no incident by the silence alone, and says so', async () => {
    await postAlerts(am.url, [{ labels: { alertname: 'Quiet', service: 'none', severity: 'info' } }]);
    await waitFor(async () => (JSON.parse((await oncall(['alerts', '-o', 'json', '--no-incidents'])).out) as unknown[]).length === 4, 'the new alert');
    const { code, out } = await oncall(['ack', 'alertname=Quiet', '--yes']);
    expect(code).toBe(0);
    expect(out).toMatch(/no incident for this group; ack silence [0-9a-f]{8} created/);
  });

  it('counts acknowledged alerts as acked in status, not as firing or silenced', async () => {
    const { out } = await oncall(['status', '-o', 'json']);
    const alerts = (JSON.parse(out) as { alerts: { firing: number; acked: number; silenced: number } }).alerts;
    // Two HighErrorRate and Quiet are acked; DiskFull still fires.
    expect(alerts).toMatchObject({ firing: 1, acked: 3, silenced: 0 });
  });

  it('incident ack is the same combined ack; --no-silence acks PagerDuty alone', async () => {
    await postAlerts(am.url, [
      { labels: { alertname: 'Latency', service: 'search', severity: 'critical' } },
      { labels: { alertname: 'Saturation', service: 'search', severity: 'critical' } },
    ]);
    await waitFor(async () => pd.state.incidents.filter((i) => /Latency|Saturation/.test(i.title)).length === 2, 'two more incidents');
    const latency = pd.state.incidents.find((i) => i.title.includes('Latency'))!;
    const saturation = pd.state.incidents.find((i) => i.title.includes('Saturation'))!;
    const silences = async () => JSON.parse((await exec('amtool', ['--alertmanager.url', am.url, 'silence', 'query', '-o', 'json'])).stdout) as Array<{ comment: string }>;

    const one = await oncall(['incident', 'ack', String(latency.number)]);
    expect(one.code).toBe(0);
    expect(latency.status).toBe('acknowledged');
    expect((await silences()).map((s) => s.comment)).toContain(`ack: PagerDuty #${latency.number} (${latency.id}) by ${DEMO_FROM}`);

    const before = (await silences()).length;
    const two = await oncall(['incident', 'ack', `#${saturation.number}`, '--no-silence']);
    expect(two.code).toBe(0);
    expect(saturation.status).toBe('acknowledged');
    expect((await silences()).length).toBe(before);
  });
});

