import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, pollUntil, waitForHttp } from './net.js';

/** A real Alertmanager 0.25 started for a test, on loopback ports with its own temp data dir. */
export interface AmServer {
  url: string;
  port: number;
  clusterPort?: number;
  stop(): Promise<void>;
}

const BINARY = '/usr/bin/prometheus-alertmanager';

/** Groups by alertname+service, fires at once, sends nowhere, and lets critical inhibit warning. */
export const MINIMAL_CONFIG = `
route:
  receiver: "null"
  group_by: [alertname, service]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: "null"
inhibit_rules:
  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [alertname]
`;

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startAlertmanager(
  opts: { config?: string; peers?: string[]; clusterListen?: boolean; clusterPort?: number } = {},
): Promise<AmServer> {
  const dir = await mkdtemp(join(tmpdir(), 'oncall-am-'));
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, opts.config ?? MINIMAL_CONFIG);
  const port = await freePort();
  const clustered = opts.clusterListen || (opts.peers?.length ?? 0) > 0;
  const clusterPort = clustered ? (opts.clusterPort ?? (await freePort())) : undefined;
  const args = [
    `--config.file=${configFile}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    `--cluster.listen-address=${clusterPort ? `127.0.0.1:${clusterPort}` : ''}`,
  ];
  if (clusterPort) {
    // Short intervals so a pair converges in a second or two instead of a minute.
    args.push(
      `--cluster.advertise-address=127.0.0.1:${clusterPort}`,
      '--cluster.gossip-interval=50ms',
      '--cluster.pushpull-interval=1s',
      '--cluster.settle-timeout=2s',
      '--cluster.probe-interval=200ms',
      '--cluster.reconnect-interval=1s',
    );
    for (const peer of opts.peers ?? []) args.push(`--cluster.peer=${peer}`);
  }
  const child = spawn(BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitForHttp(`${url}/-/ready`, 30_000),
      new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`alertmanager exited (${code}): ${log}`)))),
    ]);
  } catch (err) {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    port,
    clusterPort,
    async stop() {
      await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns true (a condition, never a fixed sleep). */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  await pollUntil(check, what, timeoutMs, 100);
}

/** Two gossiping peers; resolves once each reports the other as a cluster member. */
export async function startAlertmanagerPair(): Promise<[AmServer, AmServer]> {
  const firstCluster = await freePort();
  const secondCluster = await freePort();
  const [a, b] = await Promise.all([
    startAlertmanager({ clusterPort: firstCluster, peers: [`127.0.0.1:${secondCluster}`] }),
    startAlertmanager({ clusterPort: secondCluster, peers: [`127.0.0.1:${firstCluster}`] }),
  ]);
  try {
    for (const am of [a, b]) {
      await waitFor(async () => {
        const res = await fetch(`${am.url}/api/v2/status`);
        const body = (await res.json()) as { cluster?: { peers?: unknown[] } };
        return (body.cluster?.peers?.length ?? 0) >= 2;
      }, `${am.url} to see its peer`);
    }
  } catch (err) {
    await Promise.all([a.stop(), b.stop()]);
    throw err;
  }
  return [a, b];
}

export async function postAlerts(
  url: string,
  alerts: Array<{
    labels: Record<string, string>;
    annotations?: Record<string, string>;
    startsAt?: string;
    endsAt?: string;
    generatorURL?: string;
  }>,
): Promise<void> {
  const res = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  if (!res.ok) throw new Error(`POST ${url}/api/v2/alerts: HTTP ${res.status} ${await res.text()}`);
}
