import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForHttp } from './net.js';

/**
 * Test harness around the real /usr/bin/prometheus (2.42 on Debian bookworm). Each server gets its own
 * temp directory and free loopback port; stop() kills it by pid and removes the directory.
 */
export interface PromServer {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartPrometheusOptions {
  /** YAML content of one rules file. */
  rules?: string;
  /**
   * OpenMetrics text backfilled with promtool before start. "# EOF\n" is appended if missing.
   * promtool writes one block per 2 hours of history at a fixed cost each (30 days is about 30 s
   * on a busy 2-core machine), so backfill only as much history as the test needs, or set
   * `backfillBlock`.
   */
  openMetrics?: string;
  /**
   * The longest block promtool writes (its hidden `--max-block-duration`, e.g. '24h'; a multiple of
   * 2h): 30 days in 1-day blocks takes about 1 s instead of 30.
   */
  backfillBlock?: string;
  /** Default '60d', so that 30 days of backfilled history is kept. */
  retention?: string;
  /** How often rules are evaluated. Default '1s', so rule health is known soon after start. */
  evaluationInterval?: string;
  /** An Alertmanager (http://host:port) that firing alert rules are sent to. */
  alertmanagerUrl?: string;
}

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Servers still running. If a test file ends without calling stop() (a beforeAll that timed out
 * while we were still starting), they are killed when the worker exits rather than left behind.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startPrometheus(opts: StartPrometheusOptions = {}): Promise<PromServer> {
  const root = await mkdtemp(join(tmpdir(), 'oncall-prom-'));
  const dataDir = join(root, 'data');
  try {
    await mkdir(dataDir);
    const configFile = await writeConfig(root, opts);
    if (opts.openMetrics) await backfill(root, dataDir, opts.openMetrics, opts.backfillBlock);
    // freePort() closes its socket before prometheus binds, so another process may grab the port
    // in between; a bind failure is retried on a fresh port.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        const child = await launch(configFile, dataDir, port, opts.retention ?? '60d');
        const url = `http://127.0.0.1:${port}`;
        return { url, port, dataDir, stop: () => stopChild(child).then(() => rm(root, { recursive: true, force: true })) };
      } catch (err) {
        if (attempt >= 3 || !/address already in use/i.test((err as Error).message)) throw err;
      }
    }
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}

async function writeConfig(root: string, opts: StartPrometheusOptions): Promise<string> {
  const lines = ['global:', '  scrape_interval: 5s', `  evaluation_interval: ${opts.evaluationInterval ?? '1s'}`];
  if (opts.rules !== undefined) {
    const rulesFile = join(root, 'rules.yml');
    await writeFile(rulesFile, opts.rules);
    lines.push('rule_files:', `  - ${JSON.stringify(rulesFile)}`);
  }
  if (opts.alertmanagerUrl) {
    lines.push('alerting:', '  alertmanagers:', '    - static_configs:', `        - targets: [${JSON.stringify(new URL(opts.alertmanagerUrl).host)}]`);
  }
  const configFile = join(root, 'prometheus.yml');
  await writeFile(configFile, `${lines.join('\n')}\n`);
  return configFile;
}

async function backfill(root: string, dataDir: string, text: string, block?: string): Promise<void> {
  const file = join(root, 'backfill.om');
  await writeFile(file, text.endsWith('# EOF\n') ? text : `${text.replace(/\n?$/, '\n')}# EOF\n`);
  await new Promise<void>((resolve, reject) => {
    const args = ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', ...(block ? [`--max-block-duration=${block}`] : []), file, dataDir];
    execFile(PROMTOOL, args, (err, _out, stderr) => {
      if (err) reject(new Error(`promtool backfill failed: ${err.message}\n${stderr}`));
      else resolve();
    });
  });
}

/** Starts prometheus and resolves once /-/ready answers; rejects with its stderr if it exits first. */
function launch(configFile: string, dataDir: string, port: number, retention: string): Promise<ChildProcess> {
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    `--storage.tsdb.retention.time=${retention}`,
    '--log.level=warn',
  ];
  const child = spawn(PROMETHEUS, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`could not start: ${err.message}`)));
    child.once('exit', (code, signal) => reject(new Error(`exited during startup (code ${code}, signal ${signal})`)));
  });
  return Promise.race([waitForHttp(`http://127.0.0.1:${port}/-/ready`, READY_TIMEOUT_MS), exited]).then(
    () => child,
    async (err: Error) => {
      await stopChild(child);
      throw new Error(`prometheus on port ${port} ${err.message}\n${stderr}`);
    },
  );
}

/** SIGTERM, wait for exit, SIGKILL if it does not exit in time. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * OpenMetrics text for one counter family, without the final "# EOF" (join several with
 * `openMetricsDocument`). Samples are written every `stepSec` from `fromSec` to `toSec` inclusive
 * (Unix seconds), with value `valueAt(t)`. `name` may end in `_total` or not; the sample is
 * always `<family>_total`, which is what PromQL queries.
 *
 *   openMetricsCounter('http_requests', { code: '200' }, now - 3600, now, 60, (t) => (t - start) * 10)
 *   // a counter rising by 10/s: rate(http_requests_total[5m]) == 10
 */
export function openMetricsCounter(
  name: string,
  labels: Record<string, string>,
  fromSec: number,
  toSec: number,
  stepSec: number,
  valueAt: (tSec: number) => number,
): string {
  const family = name.replace(/_total$/, '');
  return family_(family, 'counter', `${family}_total`, labels, fromSec, toSec, stepSec, valueAt);
}

/** Same as openMetricsCounter, for a gauge (the sample name is `name`). */
export function openMetricsGauge(
  name: string,
  labels: Record<string, string>,
  fromSec: number,
  toSec: number,
  stepSec: number,
  valueAt: (tSec: number) => number,
): string {
  return family_(name, 'gauge', name, labels, fromSec, toSec, stepSec, valueAt);
}

/**
 * Joins families into one document ending in "# EOF\n". Call the family helpers once per label set;
 * promtool 2.42 accepts the same family (`# TYPE` line) repeated for each series.
 */
export function openMetricsDocument(...families: string[]): string {
  return `${families.join('')}# EOF\n`;
}

function family_(
  family: string,
  type: string,
  sample: string,
  labels: Record<string, string>,
  fromSec: number,
  toSec: number,
  stepSec: number,
  valueAt: (tSec: number) => number,
): string {
  if (stepSec <= 0) throw new Error('stepSec must be > 0');
  const labelText = Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
  const head = labelText ? `${sample}{${labelText}}` : sample;
  const out = [`# TYPE ${family} ${type}`];
  for (let t = fromSec; t <= toSec; t += stepSec) out.push(`${head} ${formatValue(valueAt(t))} ${t}`);
  return `${out.join('\n')}\n`;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
