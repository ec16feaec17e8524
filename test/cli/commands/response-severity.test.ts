import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/main.js';
import { startAlertmanagerFake, type AlertmanagerFake } from '../../../src/demo/alertmanager/server.js';
import { incidentKey } from '../../../src/demo/world/incidents.js';
import { captureIo } from '../helpers/io.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../../helpers/pagerduty-fake.js';

/**
 * `oncall incidents`: an incident's response targets come from its alert group's `severity` label
 * (joined through Alertmanager by dedup key) before PagerDuty's urgency. Runbook defaults: critical
 * 5m / 1h, warning 30m / 4h.
 */
const MIN = 60_000;
let pd: FakePagerDuty;
let am: AlertmanagerFake;
let dir: string;

beforeAll(async () => {
  const now = Date.now();
  const seed = demoSeed(new Date(now));
  seed.incidents = [
    { title: 'slow queries', service: 'PSVCDB1', urgency: 'high', createdAt: new Date(now - 10 * MIN), incidentKey: incidentKey('SlowQueries', 'db') },
    { title: 'checkout down', service: 'PSVCAPI', urgency: 'low', createdAt: new Date(now - 10 * MIN), incidentKey: incidentKey('CheckoutDown', 'api') },
    { title: 'no group', service: 'PSVCAPI', urgency: 'high', createdAt: new Date(now - 10 * MIN) },
  ];
  pd = await startFakePagerDuty(seed);
  am = await startAlertmanagerFake();
  am.alerts.put([
    { labels: { alertname: 'SlowQueries', service: 'db', severity: 'warning' }, startsAt: now - 11 * MIN },
    { labels: { alertname: 'CheckoutDown', service: 'api', severity: 'critical' }, startsAt: now - 11 * MIN },
  ]);
  dir = await mkdtemp(join(tmpdir(), 'oncall-sev-'));
});
afterAll(async () => {
  await pd?.close();
  await am?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function oncall(args: string[]) {
  const io = captureIo({ PATH: process.env.PATH, HOME: dir, USER: 'ada', ONCALL_CONFIG_DIR: dir, PAGERDUTY_URL: pd.url, PAGERDUTY_API_TOKEN: DEMO_TOKEN, PAGERDUTY_FROM: DEMO_FROM, ALERTMANAGER_URL: am.url }, { columns: 220 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

type Json = { title: string; urgency: string; createdAt: string; alertGroup: { severity?: string } | null; response: { ackBy: string; resolveBy: string; ackOverdue: boolean } };

describe('response targets by alert group severity', () => {
  it('a high-urgency incident in a warning group gets 30m / 4h; a low-urgency one in a critical group 5m / 1h', async () => {
    const { code, out } = await oncall(['incidents', '-o', 'json']);
    expect(code).toBe(0);
    const list = JSON.parse(out) as Json[];
    const of = (title: string) => list.find((i) => i.title === title)!;
    const targets = (i: Json) => [(Date.parse(i.response.ackBy) - Date.parse(i.createdAt)) / MIN, (Date.parse(i.response.resolveBy) - Date.parse(i.createdAt)) / MIN];
    expect(of('slow queries').alertGroup?.severity).toBe('warning');
    expect(targets(of('slow queries'))).toEqual([30, 240]);
    expect(of('slow queries').response.ackOverdue).toBe(false);
    expect(of('checkout down').alertGroup?.severity).toBe('critical');
    expect(targets(of('checkout down'))).toEqual([5, 60]);
    expect(of('checkout down').response.ackOverdue).toBe(true);
    expect(targets(of('no group'))).toEqual([5, 60]);
  });

  it('the table counts down to the group\'s target', async () => {
    const { out } = await oncall(['incidents']);
    const row = (title: string) => out.split('\n').find((l) => l.includes(title)) ?? '';
    expect(row('slow queries')).toMatch(/ack in (19|20)m/);
    expect(row('checkout down')).toMatch(/ack overdue [56]m/);
  });
});
