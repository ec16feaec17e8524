import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ackAlertGroup } from '../../src/actions/ackGroup.js';
import { AuditLog } from '../../src/actions/audit.js';
import type { ActionDeps } from '../../src/actions/ports.js';
import { AlertmanagerClient } from '../../src/sources/alertmanager/client.js';
import { PagerDutyClient } from '../../src/sources/pagerduty/client.js';
import { watchAckSilences } from '../../src/state/ackExpiry.js';
import { startPollers, type PollerControl } from '../../src/state/pollers.js';
import type { IncidentSource } from '../../src/state/ports.js';
import { initialState } from '../../src/state/reducer.js';
import { createStore } from '../../src/state/store.js';
import { postAlerts, startAlertmanager, waitFor, type AmServer } from '../helpers/alertmanager.js';
import { DEMO_FROM, DEMO_TOKEN, demoSeed, startFakePagerDuty, type FakePagerDuty } from '../helpers/pagerduty-fake.js';

/**
 * The ack silence ends with its incident, end to end: real Alertmanager 0.25 pages the PagerDuty
 * fake, the group is acked (incident and ack silence), someone resolves the incident in PagerDuty,
 * and the dashboard's store, polling both with the real clients, expires the silence in Alertmanager
 * and audits it as automatic.
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
receivers:
  - name: pager
    pagerduty_configs:
      - routing_key: rk
        url: ${pdUrl}/v2/enqueue
`;

beforeAll(async () => {
  const seed = demoSeed();
  seed.incidents = [];
  seed.services = [{ name: 'checkout', integrationKey: 'rk' }];
  pd = await startFakePagerDuty(seed);
  am = await startAlertmanager({ config: AM_CONFIG(pd.url) });
  dir = await mkdtemp(join(tmpdir(), 'oncall-ack-expiry-'));
});

afterAll(async () => {
  await am?.stop();
  await pd?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('an ack silence ends when its incident resolves (real Alertmanager, PagerDuty fake)', () => {
  it('the store sees the resolve at a poll and expires the silence in Alertmanager, audited as automatic', async () => {
    await postAlerts(am.url, [{ labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' } }]);
    await waitFor(async () => pd.state.incidents.length === 1, 'Alertmanager to open the incident');
    const amClient = new AlertmanagerClient({ baseURL: am.url, name: 'alertmanager' });
    const pdClient = new PagerDutyClient({ transport: { baseURL: pd.url, name: 'pagerduty' }, token: DEMO_TOKEN, from: DEMO_FROM });
    const audit = new AuditLog(join(dir, 'audit.jsonl'));
    const deps = (): ActionDeps => ({ audit, context: { name: 'it', author: 'ada', pdFrom: DEMO_FROM }, now: () => new Date() });

    const [incident] = await pdClient.incidents({ statuses: ['triggered'], dateRange: 'all' });
    const acked = await ackAlertGroup(deps(), { am: amClient, pd: pdClient }, { groupLabels: { alertname: 'HighErrorRate', service: 'checkout' }, incidents: [incident!], silenceMs: 3_600_000 });
    const silenceId = acked.silenceId!;
    expect((await amClient.silences()).find((s) => s.id === silenceId)?.state).toBe('active');

    const store = createStore(initialState({ context: { name: 'it', isProd: false, readOnly: false, author: 'ada' }, enabled: { alertmanager: true, pagerduty: true, prometheus: false }, now: Date.now() }));
    const source: IncidentSource = {
      incidents: () => pdClient.incidents({ statuses: ['triggered', 'acknowledged'], dateRange: 'all' }),
      oncalls: () => pdClient.oncalls(),
      incident: (id) => pdClient.incident(id),
      acknowledge: (ids) => pdClient.acknowledge(ids),
      resolve: (ids) => pdClient.resolve(ids),
      addNote: (id, text) => pdClient.addNote(id, text),
      notes: (id) => pdClient.notes(id),
    };
    let pollers: PollerControl | undefined;
    const stopWatch = watchAckSilences(store, amClient, deps);
    try {
      pollers = startPollers(store, { alertmanager: amClient, pagerduty: source, poll: { alertmanagerMs: 200, pagerdutyMs: 200, prometheusMs: 60_000 } });
      // The store holds the acknowledged incident and the active ack silence: nothing to expire yet.
      await waitFor(async () => {
        const s = store.getState();
        return s.incidents.some((i) => i.id === incident!.id && i.status === 'acknowledged') && s.silences.some((x) => x.id === silenceId && x.state === 'active');
      }, 'the store to see the ack');
      expect((await amClient.silences()).find((s) => s.id === silenceId)?.state).toBe('active');

      // Someone resolves it in PagerDuty (another user's client, not oncall's actions).
      await new PagerDutyClient({ transport: { baseURL: pd.url, name: 'pagerduty' }, token: DEMO_TOKEN, from: 'grace@example.com' }).resolve([incident!.id]);
      await waitFor(async () => (await amClient.silences()).find((s) => s.id === silenceId)?.state === 'expired', 'the ack silence to be expired in Alertmanager');
      await waitFor(async () => (await audit.entries()).some((l) => l.action === 'silence.ack-expire' && l.outcome === 'ok'), 'the audit line');
      const lines = (await audit.entries()).filter((l) => l.action === 'silence.ack-expire');
      expect(lines.map((l) => [l.target, l.outcome, l.automatic])).toEqual([[silenceId, 'started', true], [silenceId, 'ok', true]]);
      expect(store.getState().status?.text).toMatch(new RegExp(`#${incident!.number} resolved: its ack silence ${silenceId.slice(0, 8)} expired`));
    } finally {
      pollers?.stop();
      stopWatch();
    }
  });
});
