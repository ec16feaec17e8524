/**
 * `oncall alerts -o json` against `amtool alert query -o json` on the same real Alertmanager 0.25
 * (`npm run bench -- headless`; amtool's 30 s default timeout is raised, as a busy machine passes it, and
 * oncall's 30 s one the same, through the bench's config: here Alertmanager has taken 8 s and more than
 * 30 s to answer 10,000 alerts),
 * holding 1,000 and then 10,000 alerts. Wall time of whole processes, median of 5 alternating runs;
 * the figure is the ratio oncall/amtool from this one run (target: <= 1.0, not slower than amtool).
 * Both run without NODE_EXTRA_CA_CERTS (see main); with it set, oncall is also timed with it. Beside
 * them, two floors: plain Node (node:http + JSON) and the smallest yargs + axios program doing the same.
 * Alertmanager's own time is most of both programs' wall time at 10,000 alerts and moves by seconds
 * between runs (4 s in one run, 9 s in the next, on this machine), so the ratio above moves with it.
 * So the same answer, taken from Alertmanager once, is then served by a stub that answers at once:
 * both programs' own part (start-up, decoding, printing) side by side, without Alertmanager's noise.
 * Last, each program's start-up alone: how long after it starts its request reaches a stub server
 * that answers at once with no alerts, which tells start-up apart from the server's time and our decoding.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { postAlerts, startAlertmanager } from '../test/helpers/alertmanager.js';
import { shippedEnv, shippedNodeFlags } from './lib/shipped.js';

const exec = promisify(execFile);
const RUNS = 5;
const BIN = resolve('bin/oncall.js');

async function wall(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const { stdout } = await exec(cmd, args, { env, maxBuffer: 512 * 1024 * 1024 });
  return { ms: performance.now() - t0, bytes: stdout.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function load(url: string, from: number, to: number): Promise<void> {
  const endsAt = new Date(Date.now() + 3 * 3_600_000);
  for (let start = from; start < to; start += 1000) {
    const batch = [];
    for (let i = start; i < Math.min(to, start + 1000); i++) {
      batch.push({
        labels: { alertname: `Bench${i % 50}`, severity: ['critical', 'warning', 'info'][i % 3]!, service: `svc-${i % 40}`, instance: `host-${i}` },
        annotations: { summary: `synthetic alert ${i}`, runbook_url: `https://runbooks.example.com/Bench${i % 50}` },
        // Past Alertmanager's 5-minute resolve_timeout: on a busy machine the runs take longer than that,
        // and alerts that resolved half-way left later runs timing an empty answer.
        endsAt: endsAt.toISOString(),
      });
    }
    await postAlerts(url, batch);
  }
}

/**
 * What any Node program pays for the same job: fetch the alerts with node:http, parse them, print them
 * as JSON. Neither oncall's CLI (yargs) nor its client (axios, mapping, validation), just Node itself.
 */
const PLAIN_NODE = `
import http from 'node:http';
const body = await new Promise((resolve, reject) => http.get(process.argv[2] + '/api/v2/alerts?active=true&silenced=false&inhibited=false', (res) => {
  const chunks = []; res.on('data', (c) => chunks.push(c)); res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
}).on('error', reject));
process.stdout.write(JSON.stringify(JSON.parse(body), null, 2) + '\\n');
`;

/** Median wall time of `node -e 0` in `env`: what every oncall run pays before our code starts. */
async function nodeStart(env: NodeJS.ProcessEnv): Promise<number> {
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) runs.push((await wall(process.execPath, ['-e', '0'], env)).ms);
  return median(runs);
}

/** A server on a free loopback port that answers every request at once with `body`; `seen` is called on each. */
async function stub(body: string, seen: () => void = () => {}): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    seen();
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/**
 * Alertmanager's answer `body`, served at once by a stub: median wall time of oncall and amtool over
 * 2 × RUNS + 1 alternating runs, and their ratio (the programs' own part, without Alertmanager's time).
 */
async function sameAnswerFromStub(body: string, env: NodeJS.ProcessEnv): Promise<void> {
  const server = await stub(body);
  const ours: number[] = [];
  const theirs: number[] = [];
  try {
    for (let r = 0; r < 2 * RUNS + 1; r++) {
      theirs.push((await wall('amtool', ['--alertmanager.url', server.url, 'alert', 'query', '-o', 'json'], env)).ms);
      ours.push((await wall(process.execPath, [...shippedNodeFlags(BIN), BIN, 'alerts', '-o', 'json', '--alertmanager-url', server.url], { ...env, ...shippedEnv(env, BIN) })).ms);
    }
  } finally {
    server.close();
  }
  const ratio = median(ours) / median(theirs);
  console.log(`  the same answer from a stub that answers at once (median of ${2 * RUNS + 1}): oncall ${median(ours).toFixed(0)} ms, amtool ${median(theirs).toFixed(0)} ms, ratio ${ratio.toFixed(2)}x ${ratio <= 1 ? '(target met)' : '(SLOWER than amtool)'}`);
}

/**
 * Start-up alone: median time from spawn to the request reaching a stub that answers `[]` at once,
 * and to the process' exit, for each program (runs alternate, as above).
 */
async function startUp(programs: Record<string, (url: string) => [string, string[]]>, env: NodeJS.ProcessEnv): Promise<void> {
  let arrived = Number.NaN;
  const server = await stub('[]', () => {
    if (Number.isNaN(arrived)) arrived = performance.now();
  });
  const url = server.url;
  const times = Object.fromEntries(Object.keys(programs).map((name) => [name, { request: [] as number[], exit: [] as number[] }]));
  try {
    for (let r = 0; r < 2 * RUNS + 1; r++) {
      for (const [name, program] of Object.entries(programs)) {
        const [cmd, args] = program(url);
        arrived = Number.NaN;
        const t0 = performance.now();
        await wall(cmd, args, env);
        times[name]!.request.push(arrived - t0);
        times[name]!.exit.push(performance.now() - t0);
      }
    }
  } finally {
    server.close();
  }
  console.log(`start-up: request sent / exit, against a stub answering no alerts at once (median of ${2 * RUNS + 1})`);
  for (const [name, t] of Object.entries(times)) console.log(`  ${name.padEnd(14)} ${median(t.request).toFixed(0).padStart(4)} ms / ${median(t.exit).toFixed(0).padStart(4)} ms`);
}

async function main(): Promise<void> {
  // NODE_EXTRA_CA_CERTS makes Node read and parse the whole CA bundle at every start, before any of our
  // code runs (amtool, in Go, reads nothing of the kind). It is a setting of this machine, not of
  // oncall, so the ratio of record is taken without it; when it is set, the figure with it is printed too.
  const { NODE_EXTRA_CA_CERTS: extraCa, ...clean } = process.env;
  const env = { ...clean, NO_COLOR: '1', ONCALL_CONFIG_DIR: resolve('.tmp/bench/config') };
  // Only the timeout: the URL is given on the command line, as a script would.
  mkdirSync(env.ONCALL_CONFIG_DIR, { recursive: true, mode: 0o700 });
  const config = { current_context: 'bench', contexts: { bench: { alertmanager: { urls: ['http://127.0.0.1:9'], timeout: '5m' } } } };
  writeFileSync(resolve(env.ONCALL_CONFIG_DIR, 'config.json'), JSON.stringify(config), { mode: 0o600 });
  const inherited = extraCa ? { ...env, NODE_EXTRA_CA_CERTS: extraCa } : undefined;
  console.log(`node -e 0: ${(await nodeStart(env)).toFixed(0)} ms${inherited ? `; with NODE_EXTRA_CA_CERTS=${extraCa} (set here): ${(await nodeStart(inherited)).toFixed(0)} ms` : ''}`);
  const plainNode = resolve('.tmp/bench/plain-node-alerts.mjs');
  mkdirSync(resolve('.tmp/bench'), { recursive: true });
  writeFileSync(plainNode, PLAIN_NODE);
  // Bundled exactly as oncall is (same esbuild options and plugins).
  const stackFloor = resolve('.tmp/bench/yargs-axios-alerts.mjs');
  execFileSync(process.execPath, ['scripts/build-bundle.mjs', '--entry=bench/fixtures/yargs-axios-alerts.ts', `--outfile=${stackFloor}`]);
  const am = await startAlertmanager();
  try {
    let loaded = 0;
    for (const size of [1000, 10000]) {
      await load(am.url, loaded, size);
      loaded = size;
      const ours: number[] = [];
      const oursInherited: number[] = [];
      const theirs: number[] = [];
      const plain: number[] = [];
      const stack: number[] = [];
      let oursBytes = 0;
      let theirsBytes = 0;
      const oncall = [...shippedNodeFlags(BIN), BIN, 'alerts', '-o', 'json', '--alertmanager-url', am.url];
      for (let r = 0; r < RUNS; r++) {
        const a = await wall('amtool', ['--alertmanager.url', am.url, '--timeout', '5m', 'alert', 'query', '-o', 'json'], env);
        const o = await wall(process.execPath, oncall, { ...env, ...shippedEnv(env, BIN) });
        if (inherited) oursInherited.push((await wall(process.execPath, oncall, { ...inherited, ...shippedEnv(inherited, BIN) })).ms);
        plain.push((await wall(process.execPath, [plainNode, am.url], env)).ms);
        stack.push((await wall(process.execPath, [stackFloor, 'alerts', '-o', 'json', '--alertmanager-url', am.url], env)).ms);
        theirs.push(a.ms);
        ours.push(o.ms);
        theirsBytes = a.bytes;
        oursBytes = o.bytes;
      }
      const ratio = median(ours) / median(theirs);
      console.log(
        `${size} alerts: oncall ${median(ours).toFixed(0)} ms (${(oursBytes / 1e6).toFixed(1)} MB out), ` +
          `amtool ${median(theirs).toFixed(0)} ms (${(theirsBytes / 1e6).toFixed(1)} MB out), ratio ${ratio.toFixed(2)}x ${ratio <= 1 ? '(target met)' : '(SLOWER than amtool)'}`,
      );
      console.log(`  plain node (node:http + JSON, no CLI, no client): ${median(plain).toFixed(0)} ms, ${(median(plain) / median(theirs)).toFixed(2)}x amtool`);
      console.log(`  yargs + axios + JSON, bundled like oncall (bench/fixtures/yargs-axios-alerts.ts): ${median(stack).toFixed(0)} ms, ${(median(stack) / median(theirs)).toFixed(2)}x amtool`);
      if (inherited) console.log(`  with NODE_EXTRA_CA_CERTS: oncall ${median(oursInherited).toFixed(0)} ms, ratio ${(median(oursInherited) / median(theirs)).toFixed(2)}x`);
      const answer = await fetch(`${am.url}/api/v2/alerts?active=true&silenced=true&inhibited=true`);
      await sameAnswerFromStub(await answer.text(), env);
    }
  } finally {
    await am.stop();
  }
  await startUp(
    {
      oncall: (url) => [process.execPath, [...shippedNodeFlags(BIN), BIN, 'alerts', '-o', 'json', '--alertmanager-url', url]],
      amtool: (url) => ['amtool', ['--alertmanager.url', url, 'alert', 'query', '-o', 'json']],
      'plain node': (url) => [process.execPath, [plainNode, url]],
      'yargs + axios': (url) => [process.execPath, [stackFloor, 'alerts', '-o', 'json', '--alertmanager-url', url]],
    },
    env,
  );
}

await main();
