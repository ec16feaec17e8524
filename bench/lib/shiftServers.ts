/**
 * The servers a shift polls: a real Prometheus 2.42 with SLO history from `fromSec` to `endSec`,
 * a real Alertmanager 0.25 holding `alerts` alerts (that churn on request), and the PagerDuty fake
 * (demo account) in a child process, so its request log does not count in the dashboard's memory.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openConfigStore } from '../../src/cli/config/store.js';
import { postAlerts, startAlertmanager } from '../../test/helpers/alertmanager.js';
import { demoSeed, DEMO_FROM, DEMO_TOKEN, startFakePagerDuty } from '../../test/helpers/pagerduty-fake.js';
import { openMetricsCounter, openMetricsDocument, startPrometheus } from '../../test/helpers/prometheus.js';

/** In the child (BENCH_ROLE=pd): serve the fake, print its URL, stop when the parent closes stdin. */
export async function pagerDutyChild(): Promise<void> {
  const pd = await startFakePagerDuty(demoSeed());
  process.stdout.write(`${pd.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void pd.close().then(() => process.exit(0)));
}

async function pagerDutyProcess(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [process.argv[1]!], { env: { ...process.env, BENCH_ROLE: 'pd' }, stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`PagerDuty fake exited (${code})`)));
  });
  return { url, stop: () => child.stdin!.end() };
}

const slos = (windowDays: number) => ['api', 'web', 'search'].map((name, i) => ({
  name,
  service: name,
  objective: `${99 + i * 0.4}%`,
  window: `${windowDays}d`,
  sli: { ratio: { bad: `req_total{code="500",slo="${name}"}`, total: `req_total{slo="${name}"}` } },
}));

export interface ShiftServers {
  configDir: string;
  /** Replaces the oldest `share` of the alerts with new ones (new fingerprints), as a shift sees. */
  churn(share: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startShiftServers(o: { alerts: number; fromSec: number; endSec: number; windowDays: number }): Promise<ShiftServers> {
  const families = slos(o.windowDays).flatMap((s, i) => [
    openMetricsCounter('req', { code: '500', slo: s.name }, o.fromSec, o.endSec, 120, (t) => Math.floor((t - o.fromSec) / 120) * (1 + i + (Math.floor(t / 3600) % 3))),
    openMetricsCounter('req', { code: '200', slo: s.name }, o.fromSec, o.endSec, 120, (t) => ((t - o.fromSec) / 120) * 1000),
  ]);
  const [prom, am, pd] = await Promise.all([startPrometheus({ openMetrics: openMetricsDocument(...families), retention: '60d' }), startAlertmanager(), pagerDutyProcess()]);
  // Alerts last a day unless churned: no re-posting needed to keep them firing while the bench runs.
  const until = () => new Date(Date.now() + 86_400_000).toISOString();
  const alert = (gen: number, i: number, endsAt: string) => ({
    labels: { alertname: `Shift${i % 40}`, severity: ['critical', 'warning', 'info'][i % 3]!, service: `svc-${i % 20}`, instance: `host-${gen}-${i}` },
    annotations: { summary: `synthetic alert ${i}, generation ${gen}` },
    endsAt,
  });
  const post = async (list: ReturnType<typeof alert>[]) => {
    for (let i = 0; i < list.length; i += 1000) await postAlerts(am.url, list.slice(i, i + 1000));
  };
  const gens = Array.from({ length: o.alerts }, () => 0);
  await post(gens.map((g, i) => alert(g, i, until())));
  let next = 0;
  const dir = await mkdtemp(join(tmpdir(), 'oncall-shift-'));
  await openConfigStore(dir).write({
    current_context: 'shift',
    contexts: { shift: { prometheus: { url: prom.url }, alertmanager: { url: am.url }, pagerduty: { url: pd.url, token: DEMO_TOKEN, from: DEMO_FROM }, slos: slos(o.windowDays) } },
  } as never);
  return {
    configDir: dir,
    churn: async (share) => {
      const n = Math.max(1, Math.round(o.alerts * share));
      const out: ReturnType<typeof alert>[] = [];
      const gone = new Date(Date.now() - 1000).toISOString();
      for (let k = 0; k < n; k++, next = (next + 1) % o.alerts) {
        out.push(alert(gens[next]!, next, gone));
        gens[next] = gens[next]! + 1;
        out.push(alert(gens[next]!, next, until()));
      }
      await post(out);
    },
    stop: async () => {
      pd.stop();
      await Promise.all([prom.stop(), am.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
