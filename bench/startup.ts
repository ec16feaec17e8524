/**
 * Start-up: how long from launch until the user sees something useful.
 * 1. `oncall demo` in a 100x30 pseudo-terminal, launch to the first frame WITH DATA (the SLA table
 *    with its breached SLO, firing alerts and who is on call), for the single file (dist/oncall.mjs),
 *    the installed package (bin/oncall.js: the split build dist/app/ after `npm run build`) and the
 *    module tree (dist/cli/main.js), against the floor:
 *    a bundled Ink program that renders twenty lines and exits (bench/fixtures/hello-ink.tsx).
 *    Target: within 1.3x of the floor.
 * 2. Headless commands (they never load Ink) against `node -e 0`.
 * Wall time of whole processes, medians of alternating runs. Black box: the pty is `script(1)`, and the
 * first frame is the moment its output, escape codes stripped, shows the data.
 *   npm run bench -- startup            (STARTUP_RUNS=n to change the number of runs)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { shippedNodeFlags } from './lib/shipped.js';

const RUNS = Number(process.env.STARTUP_RUNS ?? 7);
const OUT = resolve('.tmp/bench/startup');
const NODE = process.execPath;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rel = (p: string) => (p.startsWith('/') ? relative(process.cwd(), p) || p : p);
const shown = (cmd: string[]) => cmd.map((part, i) => (i === 0 && part === NODE ? 'node' : rel(part))).join(' ');
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
// CSI, OSC and single-character escapes: what a terminal interprets rather than shows.
const ANSI = /\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

function build(entry: string, outfile: string): number {
  const t0 = performance.now();
  const res = spawnSync(NODE, ['scripts/build-bundle.mjs', `--entry=${entry}`, `--outfile=${outfile}`], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`bundling ${entry} failed: ${res.stderr || res.stdout}`);
  return performance.now() - t0;
}

interface PtyRun {
  /** Launch to the first output that satisfies every check. */
  frameMs: number;
  /** Launch to the first output that satisfied each check. */
  phases: Record<string, number>;
  /** Launch to the process' exit (after `quit` was typed, if given). */
  exitMs: number;
}

/** Runs `cmd` in a 100x30 pty; types `quit` once the output so far satisfies every check. */
function inPty(cmd: string[], checks: Record<string, RegExp>, env: NodeJS.ProcessEnv, quit?: string): Promise<PtyRun> {
  return new Promise((done, fail) => {
    const line = `stty cols 100 rows 30; exec ${cmd.map(quote).join(' ')}`;
    const t0 = performance.now();
    const child = spawn('script', ['-q', '-e', '-c', line, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let text = '';
    let frameMs = 0;
    const phases: Record<string, number> = {};
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`no frame with data within 30 s from: ${shown(cmd)}\n${text.slice(-2000)}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (frameMs) return;
      text += chunk.toString('utf8').replace(ANSI, ' ');
      const now = performance.now() - t0;
      for (const [name, re] of Object.entries(checks)) if (!(name in phases) && re.test(text)) phases[name] = now;
      if (Object.keys(phases).length < Object.keys(checks).length) return;
      frameMs = now;
      if (quit) child.stdin.write(quit);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!frameMs) fail(new Error(`exited (${code}) before a frame with data: ${shown(cmd)}\n${text.slice(-2000)}`));
      else done({ frameMs, phases, exitMs: performance.now() - t0 });
    });
  });
}

function wall(cmd: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(cmd[0]!, cmd.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => (code === 0 ? done(performance.now() - t0) : fail(new Error(`${shown(cmd)} exited ${code}: ${err}`))));
  });
}

/** `oncall demo --headless` in the background; resolves with the config dir it prints. */
function headlessDemo(bundle: string, env: NodeJS.ProcessEnv): Promise<{ configDir: string; stop: () => Promise<void> }> {
  return new Promise((done, fail) => {
    const child = spawn(NODE, [bundle, 'demo', '--headless'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const stop = () =>
      new Promise<void>((stopped) => {
        if (child.exitCode !== null) return stopped();
        child.once('exit', () => stopped());
        child.kill('SIGTERM');
      });
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const dir = /export ONCALL_CONFIG_DIR=(\S+)/.exec(out)?.[1];
      if (dir) done({ configDir: dir, stop });
    });
    child.on('exit', (code) => fail(new Error(`oncall demo --headless exited (${code}): ${out}`)));
  });
}

function table(title: string, rows: Array<{ label: string; cmd: string[]; ms: number[]; extra?: string }>, floor: number): void {
  console.log(title);
  for (const row of rows) {
    const m = median(row.ms);
    const ratio = m / floor;
    console.log(`  ${row.label.padEnd(9)} ${m.toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}x  ${row.extra ?? ''}${shown(row.cmd)}`);
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const bundle = join(OUT, 'oncall.mjs');
  const floorProgram = join(OUT, 'hello-ink.mjs');
  const buildMs = build('src/bundle.ts', bundle);
  build('bench/fixtures/hello-ink.tsx', floorProgram);
  const home = mkdtempSync(join(tmpdir(), 'oncall-bench-startup-'));
  const env = { PATH: process.env.PATH, HOME: home, TERM: 'xterm-256color', LANG: process.env.LANG ?? 'C.UTF-8', ONCALL_CONFIG_DIR: join(home, 'config') };
  const fresh = (p: string) => statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  // As bin/oncall.js chooses: the split build, else the single file, if at least as new as the tsc output.
  const binLoads = ['dist/app/oncall.mjs', 'dist/oncall.mjs'].find((p) => fresh(p) && fresh(p) >= fresh('dist/cli/main.js')) ?? 'dist/cli/main.js';
  console.log(`bundle built in ${(buildMs / 1000).toFixed(1)} s (node scripts/build-bundle.mjs); node ${process.version}; ${RUNS} alternating runs each`);
  console.log(`bin/oncall.js runs headless commands from dist/headless/ (V8 code cache beside it) and the dashboard from ${binLoads} (run \`npm run build\` to refresh dist/)`);

  // 1. The dashboard's first frame with data, against the floor.
  // The header comes first, then each source's data as its first poll answers.
  const withData = { 'first frame': /oncall +demo/, alerts: /\b[1-9]\d* firing/, 'on call': /on call: +\w/, SLOs: /BREACHED/ };
  const twentyLines = { 'line 20': /line 20\b/ };
  const row = (label: string, cmd: string[], checks: Record<string, RegExp>, quit?: string) => ({ label, cmd, checks, quit, ms: [] as number[], exits: [] as number[], phases: [] as Array<Record<string, number>> });
  const dash = [
    row('floor', [NODE, floorProgram], twentyLines),
    row('bundle', [NODE, bundle, 'demo'], withData, 'q'),
    row('installed', [NODE, ...shippedNodeFlags(), 'bin/oncall.js', 'demo'], withData, 'q'),
    row('modules', [NODE, 'dist/cli/main.js', 'demo'], withData, 'q'),
  ];
  for (let r = 0; r < RUNS; r++) {
    for (const d of dash) {
      const run = await inPty(d.cmd, d.checks, env, d.quit);
      d.ms.push(run.frameMs);
      d.exits.push(run.exitMs);
      d.phases.push(run.phases);
    }
  }
  const floor = median(dash[0]!.ms);
  table(
    '\n== launch to first frame with data: `oncall demo` in a 100x30 pty (floor: twenty lines of Ink, then exit)',
    dash.map((d) => ({ ...d, extra: d.label === 'floor' ? `(exit ${median(d.exits).toFixed(0)} ms) ` : '' })),
    floor,
  );
  const phases = dash[1]!;
  console.log(`  bundle, by phase: ${Object.keys(withData).map((name) => `${name} ${median(phases.phases.map((p) => p[name]!)).toFixed(0)} ms`).join(', ')}`);
  const best = Math.min(...dash.slice(1).map((d) => median(d.ms))) / floor;
  console.log(`  target <= 1.30x floor: ${best <= 1.3 ? 'met' : 'NOT met'} (best ${best.toFixed(2)}x)`);

  // 2. Headless commands against `node -e 0`, the alerts one on the demo stack started headless.
  const demo = await headlessDemo(bundle, env);
  try {
    const demoEnv = { ...env, ONCALL_CONFIG_DIR: demo.configDir, NO_COLOR: '1' };
    const heads: Array<{ label: string; cmd: string[]; env: NodeJS.ProcessEnv; ms: number[] }> = [{ label: 'node', cmd: [NODE, '-e', '0'], env, ms: [] }];
    for (const [label, entry] of [['bundle', bundle], ['installed', 'bin/oncall.js'], ['modules', 'dist/cli/main.js']] as const) {
      heads.push({ label, cmd: [NODE, entry, '--version'], env, ms: [] });
      heads.push({ label, cmd: [NODE, entry, 'config', 'path'], env, ms: [] });
      heads.push({ label, cmd: [NODE, entry, 'alerts', '-o', 'json'], env: demoEnv, ms: [] });
    }
    for (let r = 0; r < RUNS; r++) for (const h of heads) h.ms.push(await wall(h.cmd, h.env));
    table('\n== headless commands, launch to exit (baseline: node -e 0; alerts: on `oncall demo --headless`)', heads, median(heads[0]!.ms));
  } finally {
    await demo.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
