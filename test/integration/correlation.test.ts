import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oncallAgainst } from '../helpers/oncall.js';
import { postAlerts, startAlertmanager, waitFor, type AmServer } from '../helpers/alertmanager.js';
import { demoSeed, startFakePagerDuty, type FakePagerDuty } from '../helpers/pagerduty-fake.js';

/**
 * Real Alertmanager 0.25 pages the PagerDuty fake through Events API v2; the incidents it opens carry
 * the dedup keys Alertmanager computed itself. oncall must find each group's incident from those
 * keys alone, across nested routes, `continue`, legacy `match`/`match_re` and `group_by: ['...']`,
 * and must not link decoys that only share an alertname or a service.
 */
let am: AmServer;
let pd: FakePagerDuty;
let configDir: string;

const amConfig = (pdUrl: string) => `
route:
  receiver: "null"
  group_by: [alertname, service]
  # Not 0s: Alertmanager takes the alerts of one POST one at a time, and with no wait a group could page
  # with its first alert before the second joined it ([FIRING:1], seen once under load; PagerDuty keeps
  # an incident's first title). One second lets both backend alerts into the group's first page.
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - matchers: ['severity="critical"']
      receiver: pd-backend
      continue: true
      routes:
        - match: {team: storage}
          matchers: ['instance=~"db-.*"']
          receiver: pd-storage
          group_by: [alertname, instance]
    - match_re: {service: "pay.*"}
      receiver: pd-payments
      group_by: ['...']
receivers:
  - name: "null"
  - name: pd-backend
    pagerduty_configs:
      - routing_key: rk-backend
        url: ${pdUrl}/v2/enqueue
  - name: pd-storage
    pagerduty_configs:
      - routing_key: rk-storage
        url: ${pdUrl}/v2/enqueue
      - routing_key: rk-backend
        url: ${pdUrl}/v2/enqueue
  - name: pd-payments
    pagerduty_configs:
      - routing_key: rk-payments
        url: ${pdUrl}/v2/enqueue
`;

const ALERTS: Array<{ labels: Record<string, string> }> = [
  { labels: { alertname: 'HighErrorRate', severity: 'critical', service: 'backend' } },
  { labels: { alertname: 'HighErrorRate', severity: 'critical', service: 'backend', instance: 'b-2' } },
  { labels: { alertname: 'DiskSpaceLow', severity: 'critical', service: 'db', team: 'storage', instance: 'db-1' } },
  { labels: { alertname: 'HighErrorRate', severity: 'critical', service: 'payments' } },
  { labels: { alertname: 'SlowQueries', severity: 'warning', service: 'db' } },
];

const oncall = (args: string[]) => oncallAgainst(configDir, { alertmanager: am.url, pagerduty: pd.url }, args);

beforeAll(async () => {
  const seed = demoSeed();
  seed.incidents = [];
  seed.services = [
    { name: 'backend', integrationKey: 'rk-backend' },
    { name: 'storage', integrationKey: 'rk-storage' },
    { name: 'payments', integrationKey: 'rk-payments' },
  ];
  pd = await startFakePagerDuty(seed);
  // Decoys: same alertname or service as a firing group, opened by hand or another integration.
  pd.addIncident({ title: 'HighErrorRate on payments, see runbook', service: 'payments' });
  pd.addIncident({ title: '[FIRING:1] HighErrorRate checkout', service: 'backend' });
  pd.addIncident({ title: 'orders-queue backlog', service: 'backend', incidentKey: 'orders-queue' });
  // A hand-made incident whose title is Alertmanager's default description of a group it never paged.
  pd.addIncident({ title: '[FIRING:1] SlowQueries db ', service: 'storage', incidentKey: 'manual-1' });
  configDir = await mkdtemp(join(tmpdir(), 'oncall-corr-'));
  am = await startAlertmanager({ config: amConfig(pd.url) });
  await postAlerts(am.url, ALERTS);
  // backend group, storage group (two configs), payments group: five incidents, plus four decoys.
  await waitFor(async () => pd.state.incidents.length >= 9, "Alertmanager to open five incidents");
});

afterAll(async () => {
  await am?.stop();
  await pd?.close();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

type JsonAlert = { labels: Record<string, string>; incidents: Array<{ id: string; number: number; status: string; link: string }> | null };
type JsonIncident = { id: string; title: string; alertGroup: { labels: Record<string, string>; receiver: string; firing: number; link: string } | null };

describe('alerts joined to the incidents Alertmanager opened', () => {
  it('links every paged group exactly, by the dedup key Alertmanager sent', async () => {
    const { code, out } = await oncall(['alerts', '-o', 'json', '--all']);
    expect(code).toBe(0);
    const alerts = JSON.parse(out) as JsonAlert[];
    const paged = pd.state.incidents.filter((i) => /^\[FIRING/.test(i.title) && !i.incidentKey.startsWith('manual') && !i.title.includes('checkout'));
    expect(paged).toHaveLength(5);
    const titleOf = (id: string) => pd.state.incidents.find((i) => i.id === id)?.title;
    const find = (pred: (l: Record<string, string>) => boolean) => alerts.find((a) => pred(a.labels))!;

    const backend = find((l) => l.service === 'backend' && !l.instance);
    expect(backend.incidents?.map((i) => i.link)).toEqual(['exact']);
    expect(titleOf(backend.incidents![0]!.id)).toMatch(/^\[FIRING:2\] HighErrorRate backend/);
    // Both backend alerts are in one group, so one incident.
    expect(find((l) => l.instance === 'b-2').incidents).toEqual(backend.incidents);

    // The storage route pages two services with the same key: two incidents, both exact.
    const disk = find((l) => l.alertname === 'DiskSpaceLow');
    expect(disk.incidents?.map((i) => i.link)).toEqual(['exact', 'exact']);
    for (const i of disk.incidents!) expect(titleOf(i.id)).toMatch(/^\[FIRING:1\] DiskSpaceLow db-1/);

    // critical + continue: payments is paged by the backend route and by its own (group_by '...').
    const pay = find((l) => l.service === 'payments');
    expect(pay.incidents?.map((i) => i.link)).toEqual(['exact', 'exact']);
    expect(pay.incidents!.map((i) => titleOf(i.id))).not.toContain('HighErrorRate on payments, see runbook');
  });

  it('links a hand-made incident as likely only when its title is the default description of the group', async () => {
    const alerts = JSON.parse((await oncall(['alerts', '-o', 'json'])).out) as JsonAlert[];
    const slow = alerts.find((a) => a.labels.alertname === 'SlowQueries')!;
    const manual = pd.state.incidents.find((i) => i.incidentKey === 'manual-1')!;
    expect(slow.incidents).toEqual([{ id: manual.id, number: manual.number, status: 'triggered', link: 'likely' }]);
    const decoys = pd.state.incidents.filter((i) => i.title.includes('checkout') || i.title.includes('see runbook') || i.incidentKey === 'orders-queue').map((i) => i.id);
    for (const a of alerts) for (const i of a.incidents ?? []) expect(decoys).not.toContain(i.id);
  });

  it('gives every incident its alert group, or null', async () => {
    const { code, out } = await oncall(['incidents', '-o', 'json']);
    expect(code).toBe(0);
    const incidents = JSON.parse(out) as JsonIncident[];
    const backend = incidents.find((i) => i.title.startsWith('[FIRING:2] HighErrorRate backend'))!;
    expect(backend.alertGroup).toEqual({ labels: { alertname: 'HighErrorRate', service: 'backend' }, receiver: 'pd-backend', firing: 2, link: 'exact', severity: 'critical' });
    expect(incidents.find((i) => i.title === 'orders-queue backlog')!.alertGroup).toBeNull();
  });

  it('skips the join with --no-incidents, and says why the join is missing without PagerDuty', async () => {
    const before = pd.requests.length;
    const skipped = await oncall(['alerts', '-o', 'json', '--no-incidents']);
    expect(JSON.parse(skipped.out)[0]).not.toHaveProperty('incidents');
    expect(pd.requests.length).toBe(before);

    await pd.close();
    const down = await oncall(['alerts', '-o', 'json']);
    expect(JSON.parse(down.out).every((a: JsonAlert) => a.incidents === null)).toBe(true);
    expect(down.err).toMatch(/incidents not joined: .*pagerduty/i);
  });
});
