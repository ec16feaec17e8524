/**
 * The cost one dashboard puts on shared servers per dashboard-hour, at the default poll intervals
 * (Alertmanager 15 s, PagerDuty 30 s, Prometheus 30 s), in a compressed run: the sources the dashboard
 * builds (dashboardDeps) poll back to back against a real Prometheus 2.42 (30 days of history),
 * a real Alertmanager 0.25 and the PagerDuty fake, each behind a proxy that counts requests and bytes.
 * SLO polls run on fake time, 120 of them spanning one hour, so the trend's step grid and its hourly
 * full read happen as in a real hour. Prometheus' own figure is used for query time
 * (prometheus_engine_query_duration_seconds, summed over its slices), measured in the same run for the
 * SLO figures without a trend (the floor), with the whole trend at every poll (before) and with the
 * incremental trend (after). Alertmanager and PagerDuty polls are alike, so a few are run and scaled.
 *   npm run bench -- cost
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConfigStore } from '../src/cli/config/store.js';
import { loadContext } from '../src/cli/context.js';
import { dashboardDeps } from '../src/cli/dashboard.js';
import type { SloDefinition } from '../src/domain/slo/types.js';
import { PrometheusClient } from '../src/sources/prometheus/client.js';
import { SloReader } from '../src/sources/prometheus/slo/reader.js';
import { postAlerts, startAlertmanager } from '../test/helpers/alertmanager.js';
import { demoSeed, DEMO_FROM, DEMO_TOKEN, startFakePagerDuty } from '../test/helpers/pagerduty-fake.js';
import { openMetricsCounter, openMetricsDocument, startPrometheus } from '../test/helpers/prometheus.js';
import { captureIo } from '../test/cli/helpers/io.js';

const HOUR_S = 3600;
const POLL = { alertmanager: 15, pagerduty: 30, prometheus: 30 };
const ALERTS = 1000;
const SAMPLE_POLLS = 4;
const PD_LIMIT_PER_MIN = 960;

/** A loopback proxy that counts requests, range points asked and answer bytes. */
async function counter(target: string): Promise<{ url: string; requests: number; bytes: number; reset(): void; close(): Promise<void> }> {
  const dest = new URL(target);
  const c = { requests: 0, bytes: 0 };
  const server: Server = createServer((req, res) => {
    c.requests++;
    const up = request({ host: dest.hostname, port: dest.port, path: req.url, method: req.method, headers: { ...req.headers, host: dest.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.on('data', (chunk: Buffer) => (c.bytes += chunk.length));
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() { return c.requests; },
    get bytes() { return c.bytes; },
    reset: () => Object.assign(c, { requests: 0, bytes: 0 }),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Seconds Prometheus spent on queries so far, by its own account. */
async function promQuerySeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith('prometheus_engine_query_duration_seconds_sum')).reduce((s, l) => s + Number(l.split(' ').pop()), 0);
}

const E = Math.floor(Date.now() / 1000 / HOUR_S) * HOUR_S - HOUR_S;
const S = E - 31 * 86_400;
const history = openMetricsDocument(
  openMetricsCounter('req', { code: '500' }, S, E + HOUR_S, 60, (t) => Math.floor((t - S) / 60) * (1 + (Math.floor(t / 3600) % 3))),
  openMetricsCounter('req', { code: '200' }, S, E + HOUR_S, 60, (t) => ((t - S) / 60) * 100),
);
const slos: SloDefinition[] = ['api', 'web', 'search'].map((id, i) => ({
  id, name: id, service: id, objective: 0.99 + i * 0.004, window: '30d', windowMs: 30 * 86_400_000, source: 'config' as const,
  sli: { kind: 'ratio' as const, bad: `req_total{code="500"}`, total: `req_total` },
}));

async function main(): Promise<void> {
  const t0 = performance.now();
  const prom = await startPrometheus({ openMetrics: history, retention: '60d' });
  const am = await startAlertmanager();
  const pd = await startFakePagerDuty(demoSeed());
  const dir = await mkdtemp(join(tmpdir(), 'oncall-cost-'));
  const [promP, amP, pdP] = await Promise.all([counter(prom.url), counter(am.url), counter(pd.url)]);
  try {
    for (let i = 0; i < ALERTS; i += 500) {
      await postAlerts(am.url, Array.from({ length: 500 }, (_, j) => ({ labels: { alertname: `Cost${(i + j) % 40}`, severity: 'warning', instance: `host-${i + j}` }, annotations: { summary: `alert ${i + j}` } })));
    }
    console.log(`setup (30 days of history, ${ALERTS} alerts): ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    await openConfigStore(dir).write({
      current_context: 'bench',
      contexts: { bench: { prometheus: { url: promP.url }, alertmanager: { urls: [amP.url] }, pagerduty: { url: pdP.url, token: DEMO_TOKEN, from: DEMO_FROM } } },
    });
    const env = { PATH: process.env.PATH, HOME: dir, USER: 'bench', ONCALL_CONFIG_DIR: dir };
    const deps = await dashboardDeps(await loadContext({ output: 'table' }, env), { output: 'table', io: captureIo(env) } as Parameters<typeof dashboardDeps>[1]);

    // Alertmanager: alerts + silences per poll, the routing tree every 5 minutes.
    amP.reset();
    for (let i = 0; i < SAMPLE_POLLS; i++) await Promise.all([deps.alertmanager!.alerts(), deps.alertmanager!.silences()]);
    const amPollBytes = amP.bytes / SAMPLE_POLLS;
    amP.reset();
    await deps.loadRoutes!();
    const routesBytes = amP.bytes;
    const amHourBytes = amPollBytes * (HOUR_S / POLL.alertmanager) + routesBytes * (HOUR_S / 300);

    // PagerDuty: open incidents + who is on call per poll.
    pdP.reset();
    for (let i = 0; i < SAMPLE_POLLS; i++) await Promise.all([deps.pagerduty!.incidents(), deps.pagerduty!.oncalls()]);
    const pdPerMin = (pdP.requests / SAMPLE_POLLS) * (60 / POLL.pagerduty);

    // Prometheus: one dashboard-hour of SLO polls on fake time, three ways.
    const client = new PrometheusClient({ name: 'prometheus', baseURL: promP.url });
    const hour = async (opts: { trend: boolean; incremental?: boolean }) => {
      let now = new Date(E * 1000 + 7_000);
      let points = 0;
      let ranges = 0;
      const counted = {
        query: client.query.bind(client),
        rules: client.rules.bind(client),
        queryRange: (e: string, start: Date, end: Date, step: number) => {
          ranges++;
          points += Math.floor((end.getTime() - start.getTime()) / 1000 / step) + 1;
          return client.queryRange(e, start, end, step);
        },
      };
      const reader = new SloReader(counted, slos, { ...opts, now: () => now });
      promP.reset();
      const before = await promQuerySeconds(prom.url);
      const wall = performance.now();
      for (let i = 0; i < HOUR_S / POLL.prometheus; i++, now = new Date(now.getTime() + POLL.prometheus * 1000)) await reader.load();
      return { seconds: (await promQuerySeconds(prom.url)) - before, requests: promP.requests, bytes: promP.bytes, wallMs: performance.now() - wall, points, ranges };
    };
    const floor = await hour({ trend: false });
    const full = await hour({ trend: true });
    const inc = await hour({ trend: true, incremental: true });

    const row = (name: string, value: string, note = '') => console.log(`${name.padEnd(44)} ${value.padStart(14)}  ${note}`);
    console.log(`\nper dashboard-hour, ${slos.length} SLOs (30d window), ${ALERTS} alerts, PagerDuty demo account; polls ${POLL.alertmanager}s/${POLL.pagerduty}s/${POLL.prometheus}s`);
    row('Prometheus query time, figures only (floor)', `${floor.seconds.toFixed(2)} s`, `${floor.requests} requests`);
    row('Prometheus query time, whole trend each poll', `${full.seconds.toFixed(2)} s`, `${full.requests} requests, ${(full.bytes / 1e6).toFixed(1)} MB (before)`);
    row('Prometheus query time, incremental trend', `${inc.seconds.toFixed(2)} s`, `${inc.requests} requests, ${(inc.bytes / 1e6).toFixed(1)} MB (after)`);
    row('  trend range queries: after / before', `${(inc.ranges / full.ranges).toFixed(3)}×`, `${full.ranges} → ${inc.ranges} queries`);
    row('  trend points asked: after / before', `${(inc.points / full.points).toFixed(4)}×`, `${full.points} → ${inc.points} points`);
    row('  trend query time above the floor', `${(full.seconds - floor.seconds).toFixed(1)} → ${(inc.seconds - floor.seconds).toFixed(1)} s`, '(noisy on a busy machine; the floor is measured in the same run)');
    row('  whole SLO poll: after / before', `${(inc.seconds / full.seconds).toFixed(3)}×`);
    row('Alertmanager bytes', `${(amHourBytes / 1e6).toFixed(1)} MB`, `${(amPollBytes / 1e3).toFixed(0)} kB a poll × ${HOUR_S / POLL.alertmanager}, routes ${(routesBytes / 1e3).toFixed(1)} kB × 12`);
    row('PagerDuty requests per minute', pdPerMin.toFixed(1), `${((pdPerMin / PD_LIMIT_PER_MIN) * 100).toFixed(2)}% of the ${PD_LIMIT_PER_MIN}/min limit (target < 2%)`);
  } finally {
    await Promise.all([promP.close(), amP.close(), pdP.close()]);
    await Promise.all([prom.stop(), am.stop(), pd.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
