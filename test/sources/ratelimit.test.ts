import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardSlos } from '../../src/cli/dashboardSlos.js';
import type { ResolvedContext } from '../../src/cli/context.js';
import { AlertmanagerClient } from '../../src/sources/alertmanager/client.js';
import { PagerDutyClient } from '../../src/sources/pagerduty/client.js';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';
import { NO_RETRY, rateLimitWaitSeconds, type RateLimitPolicy } from '../../src/sources/ratelimit.js';
import { startPollers } from '../../src/state/pollers.js';
import { createStore } from '../../src/state/store.js';
import { healthText } from '../../src/ui/health.js';
import { demoSeed, DEMO_TOKEN, startFakePagerDuty, type FakePagerDuty } from '../helpers/pagerduty-fake.js';
import { startFaultProxy, type FaultProxy } from '../helpers/faults.js';
import { pollUntil } from '../helpers/net.js';
import { state } from '../state/fixtures.js';

/** Alertmanager and Prometheus stand-ins: empty answers are enough, the proxy in front makes the 429s. */
async function jsonServer(body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let am: Awaited<ReturnType<typeof jsonServer>>;
let prom: Awaited<ReturnType<typeof jsonServer>>;
let pd: FakePagerDuty;
let amProxy: FaultProxy;
let promProxy: FaultProxy;
let pdProxy: FaultProxy;

beforeAll(async () => {
  am = await jsonServer('[]');
  prom = await jsonServer('{"status":"success","data":{"resultType":"vector","result":[]}}');
  pd = await startFakePagerDuty(demoSeed());
  [amProxy, promProxy, pdProxy] = await Promise.all([startFaultProxy(am.url), startFaultProxy(prom.url), startFaultProxy(pd.url)]);
});
afterAll(async () => {
  await Promise.all([amProxy?.close(), promProxy?.close(), pdProxy?.close()]);
  await Promise.all([am?.close(), prom?.close(), pd?.close()]);
});

const httpDate = (ms: number) => new Date(Date.now() + ms).toUTCString();

describe('rateLimitWaitSeconds', () => {
  const now = Date.parse('2026-12-04T16:00:00Z');
  it('reads ratelimit-reset and Retry-After (seconds or an HTTP date); the longer wait wins', () => {
    expect(rateLimitWaitSeconds({ 'ratelimit-reset': '5' }, now)).toBe(5);
    expect(rateLimitWaitSeconds({ 'Retry-After': '7' }, now)).toBe(7);
    expect(rateLimitWaitSeconds({ 'retry-after': 'Fri, 04 Dec 2026 16:00:09 GMT' }, now)).toBe(9);
    expect(rateLimitWaitSeconds({ 'retry-after': 'Fri, 04 Dec 2026 15:59:00 GMT' }, now)).toBe(0);
    expect(rateLimitWaitSeconds({ 'ratelimit-reset': '3', 'retry-after': '8' }, now)).toBe(8);
    expect(rateLimitWaitSeconds({ 'ratelimit-reset': String(now / 1000 + 12) }, now)).toBe(12); // a Unix time
    expect(rateLimitWaitSeconds({ 'retry-after': 'soon', 'ratelimit-reset': '-1' }, now)).toBeUndefined();
    expect(rateLimitWaitSeconds({}, now)).toBeUndefined();
  });
});

describe('headless: every client waits what the 429 asks, then sends again', () => {
  const recorder = () => {
    const sleeps: number[] = [];
    const policy: RateLimitPolicy = { retries: 2, maxWaitSeconds: 60, sleep: async (ms) => void sleeps.push(ms) };
    return { sleeps, policy };
  };

  it('Alertmanager, with Retry-After as an HTTP date', async () => {
    const { sleeps, policy } = recorder();
    amProxy.inject({ kind: 'rateLimit', headers: { 'retry-after': httpDate(3000) } }, { count: 1 });
    const client = new AlertmanagerClient({ baseURL: amProxy.url, name: 'alertmanager', rateLimit: policy });
    expect(await client.alerts()).toEqual([]);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(sleeps[0]).toBeLessThanOrEqual(4000);
  });

  it('Prometheus, with ratelimit-reset', async () => {
    const { sleeps, policy } = recorder();
    promProxy.inject({ kind: 'rateLimit', headers: { 'ratelimit-reset': '4' } }, { count: 1 });
    const client = new PrometheusClient({ baseURL: promProxy.url, name: 'prometheus', rateLimit: policy });
    await client.query('up');
    expect(sleeps).toEqual([4000]);
  });

  it('PagerDuty, with Retry-After in seconds', async () => {
    const { sleeps, policy } = recorder();
    pdProxy.inject({ kind: 'rateLimit', headers: { 'retry-after': '7' } }, { count: 1 });
    const client = new PagerDutyClient({ transport: { baseURL: pdProxy.url, name: 'pagerduty', rateLimit: policy }, token: DEMO_TOKEN });
    expect((await client.incidents()).length).toBeGreaterThan(0);
    expect(sleeps).toEqual([7000]);
  });

  it('gives up after two waits with the wait in the message', async () => {
    const { sleeps, policy } = recorder();
    amProxy.inject({ kind: 'rateLimit', headers: { 'ratelimit-reset': '2' } }, { count: 3 });
    const client = new AlertmanagerClient({ baseURL: amProxy.url, name: 'alertmanager', rateLimit: policy });
    await expect(client.alerts()).rejects.toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 2, hint: expect.stringContaining('wait 2s') });
    expect(sleeps).toEqual([2000, 2000]);
  });
});

/** The pollers only read: the sources' writes are never called here. */
const unused = async (): Promise<never> => {
  throw new Error('a poller called a write');
};

describe('dashboard: the poller asks again when the server said, and the header says when', () => {
  it.each([
    ['alertmanager', { 'ratelimit-reset': '5' }],
    ['pagerduty', { 'ratelimit-reset': '5' }],
    ['pagerduty', { 'retry-after': '5' }],
  ] as const)('%s with %j', async (source, headers) => {
    const proxy = source === 'alertmanager' ? amProxy : pdProxy;
    proxy.clear();
    proxy.inject({ kind: 'rateLimit', headers });
    const store = createStore(state());
    const amClient = new AlertmanagerClient({ baseURL: amProxy.url, name: 'alertmanager', rateLimit: NO_RETRY });
    const pdClient = new PagerDutyClient({ transport: { baseURL: pdProxy.url, name: 'pagerduty', rateLimit: NO_RETRY }, token: DEMO_TOKEN });
    const control = startPollers(store, {
      ...(source === 'alertmanager'
        ? { alertmanager: { alerts: () => amClient.alerts(), silences: () => amClient.silences(), createSilence: unused, updateSilence: unused, expireSilence: unused } }
        : { pagerduty: { incidents: () => pdClient.incidents(), oncalls: () => pdClient.oncalls(), incident: unused, acknowledge: unused, resolve: unused, addNote: unused, notes: unused } }),
      poll: { alertmanagerMs: 15_000, pagerdutyMs: 15_000, prometheusMs: 15_000 },
    });
    try {
      await pollUntil(() => store.getState().sources[source].status === 'failing', `${source} failing`);
      const h = store.getState().sources[source];
      const failedAt = h.failingSince!;
      expect(h.nextAttemptAt! - failedAt).toBe(5000); // not the 2 s, 3 s, 5 s, 9 s backoff
      expect(healthText(h, failedAt + 1000, 3000)).toMatchObject({ word: '429', since: 'again in 4s' });
    } finally {
      control.stop();
      proxy.clear();
    }
  });
});

describe('dashboard: Prometheus too, although each SLO turns a failed query into an error of its own', () => {
  it('a load during which Prometheus answered 429 fails with it: asked again after ratelimit-reset, and the header says when', async () => {
    promProxy.clear();
    promProxy.inject({ kind: 'rateLimit', headers: { 'ratelimit-reset': '7' } });
    const ctx = {
      name: 'test',
      alertmanagers: [],
      prometheus: { baseURL: promProxy.url, name: 'prometheus' },
      slos: [{ name: 'Web', service: 'web', objective: '99%', window: '30d', sli: { query: 'sla:web:ratio_30d' } }],
    } as unknown as ResolvedContext & { prometheus: NonNullable<ResolvedContext['prometheus']> };
    const store = createStore(state());
    const control = startPollers(store, { slos: dashboardSlos(ctx), poll: { alertmanagerMs: 15_000, pagerdutyMs: 15_000, prometheusMs: 15_000 } });
    try {
      await pollUntil(() => store.getState().sources.prometheus.status === 'failing', 'prometheus failing');
      const h = store.getState().sources.prometheus;
      expect(h.lastErrorKind).toBe('rate_limited');
      expect(h.nextAttemptAt! - h.failingSince!).toBe(7000);
      expect(healthText(h, h.failingSince! + 2000, 3000)).toMatchObject({ word: '429', since: 'again in 5s' });
    } finally {
      control.stop();
      promProxy.clear();
    }
  });

  it('Prometheus down shows as failing in the header, not ok beside SLOs that all read error', async () => {
    const ctx = {
      name: 'test',
      alertmanagers: [],
      prometheus: { baseURL: 'http://127.0.0.1:9', name: 'prometheus' },
      slos: [{ name: 'Web', service: 'web', objective: '99%', window: '30d', sli: { query: 'sla:web:ratio_30d' } }],
    } as unknown as ResolvedContext & { prometheus: NonNullable<ResolvedContext['prometheus']> };
    const store = createStore(state());
    const control = startPollers(store, { slos: dashboardSlos(ctx), poll: { alertmanagerMs: 15_000, pagerdutyMs: 15_000, prometheusMs: 15_000 } });
    try {
      await pollUntil(() => store.getState().sources.prometheus.status === 'failing', 'prometheus failing');
      expect(store.getState().sources.prometheus.lastError).toMatch(/refused/);
    } finally {
      control.stop();
    }
  });
});

