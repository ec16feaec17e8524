import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMatchers } from '../../src/domain/matchers.js';
import { AlertmanagerClient, AlertmanagerCluster } from '../../src/sources/alertmanager/index.js';
import { postAlerts, startAlertmanagerPair, waitFor, type AmServer } from '../helpers/alertmanager.js';

let first: AmServer;
let second: AmServer;
let cluster: AlertmanagerCluster;

beforeAll(async () => {
  [first, second] = await startAlertmanagerPair();
  cluster = new AlertmanagerCluster([
    { baseURL: first.url, name: 'alertmanager[1]', timeoutMs: 2000 },
    { baseURL: second.url, name: 'alertmanager[2]', timeoutMs: 2000 },
  ]);
  // Prometheus sends every alert to every peer; one alert only reached the second peer.
  const shared = [
    { labels: { alertname: 'HighLatency', service: 'api', severity: 'critical' } },
    { labels: { alertname: 'DiskFull', service: 'db', severity: 'warning' } },
  ];
  await postAlerts(first.url, shared);
  await postAlerts(second.url, [...shared, { labels: { alertname: 'OnlySecond', service: 'web', severity: 'info' } }]);
});

afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
});

describe('Alertmanager 0.25 HA pair', () => {
  it('shows each alert once, including one only a single peer holds', async () => {
    const alerts = await cluster.alerts();
    expect(alerts.map((a) => a.labels.alertname).sort()).toEqual(['DiskFull', 'HighLatency', 'OnlySecond']);
    const groups = await cluster.alertGroups();
    expect(groups.map((g) => g.alerts.length)).toEqual([1, 1, 1]);
    expect(cluster.lastPeerHealth().map((h) => h.ok)).toEqual([true, true]);
    expect((await cluster.status()).peers).toBe(2);
  });

  it('a silence created through the cluster reaches the other peer by gossip', async () => {
    const id = await cluster.createSilence({
      matchers: parseMatchers(['DiskFull']),
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 3_600_000),
      createdBy: 'alice',
      comment: 'ha test',
    });
    // Writes go to the first peer; the second learns it through gossip.
    const other = new AlertmanagerClient({ baseURL: second.url, name: 'alertmanager[2]' });
    await waitFor(async () => (await other.silences()).some((s) => s.id === id), 'the silence to reach the second peer');
    const merged = await cluster.silences();
    expect(merged.filter((s) => s.id === id)).toHaveLength(1);
    const extended = await cluster.extendSilence(id, 1_800_000);
    expect(extended).toMatchObject({ id, replaced: false });
  });

  it('keeps answering when a peer dies, and says which one', async () => {
    await first.stop();
    const alerts = await cluster.alerts();
    expect(alerts.map((a) => a.labels.alertname).sort()).toEqual(['DiskFull', 'HighLatency', 'OnlySecond']);
    const health = cluster.lastPeerHealth();
    expect(health.map((h) => [h.name, h.ok])).toEqual([
      ['alertmanager[1]', false],
      ['alertmanager[2]', true],
    ]);
    expect(health[0]!.error?.kind).toBe('network');
    expect(health[0]!.url).toBe(`${first.url}/`);
    // Writes fall through to the live peer.
    const id = await cluster.createSilence({
      matchers: parseMatchers(['OnlySecond']),
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 3_600_000),
      createdBy: 'alice',
      comment: 'written while a peer is down',
    });
    expect((await cluster.silence(id)).state).toBe('active');
    await cluster.expireSilence(id);
    expect((await cluster.silence(id)).state).toBe('expired');
  });
});
