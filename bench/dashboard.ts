/**
 * Dashboard benchmark: 10,000 alerts and 1,000 incidents in the store, fake sources, no network.
 * Measures keypress-to-frame time (p50, p99) and the bytes written to the terminal for one cursor
 * move against one full redraw. Targets: p99 < 16 ms; a cursor move < 1/10 of a full redraw.
 *   npm run bench -- dashboard      (or: scripts/bench.sh dashboard)
 */
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { render } from 'ink';
import { createElement } from 'react';
import type { Alert, Incident } from '../src/domain/types.js';
import { initialState } from '../src/state/reducer.js';
import { createStore } from '../src/state/store.js';
import { App } from '../src/ui/App.js';
import { FRAMES } from '../src/ui/frames.js';
import { boundHeapGrowth } from '../src/ui/heap.js';
import { createDispatcher } from '../src/dispatch/dispatch.js';
import { ScreenWriter } from '../src/ui/screen.js';
import { makeTheme } from '../src/ui/theme.js';
import { FakeStdin } from '../test/ui/fakeStdin.js';

// React's development build is several times slower; users run the production one. Colour on, as
// in a real terminal, so the byte counts include the escape codes users' terminals receive.
if (process.env.NODE_ENV !== 'production' && !process.env.BENCH_CHILD) {
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: process.env.FORCE_COLOR ?? '1', BENCH_CHILD: '1' },
  });
  process.exit(child.status ?? 1);
}

const NOW = Date.parse('2024-05-01T12:00:00Z');
const SEVERITIES = ['critical', 'warning', 'info'];

function makeAlerts(n: number): Alert[] {
  return Array.from({ length: n }, (_, i) => ({
    fingerprint: `fp${i.toString(16).padStart(8, '0')}`,
    labels: { alertname: `Alert${i % 120}`, service: `svc-${i % 37}`, severity: SEVERITIES[i % 3]!, instance: `host-${i}:9100`, job: 'node' },
    annotations: { summary: `something is wrong on host-${i}`, runbook_url: `https://runbooks.example.com/${i % 120}` },
    startsAt: new Date(NOW - (i % 5000) * 60_000),
    state: i % 10 === 0 ? 'suppressed' : 'active',
    silencedBy: i % 10 === 0 ? ['sil'] : [],
    inhibitedBy: [],
    receivers: ['default'],
  }));
}

function makeIncidents(n: number): Incident[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `P${i.toString(36).toUpperCase().padStart(6, '0')}`,
    number: 1000 + i,
    title: `Incident ${i}: elevated error rate on svc-${i % 37}`,
    status: i % 3 === 0 ? 'acknowledged' : 'triggered',
    urgency: i % 2 === 0 ? 'high' : 'low',
    service: { id: `S${i % 37}`, name: `svc-${i % 37}` },
    assignees: [{ id: 'U1', name: 'Ada Lovelace' }],
    createdAt: new Date(NOW - i * 90_000),
  }));
}

/** A terminal that counts what it is sent and tells us when a frame arrives. */
class CountingStdout extends EventEmitter {
  isTTY = true;
  bytes = 0;
  writes = 0;
  onWrite: (() => void) | undefined;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (chunk: string) => {
    this.bytes += Buffer.byteLength(chunk);
    this.writes++;
    this.onWrite?.();
    return true;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 'screen': the dashboard's path (Ink full frames, ScreenWriter sends changed lines); 'full': Ink alone. */
function mount(columns: number, rows: number, mode: 'screen' | 'full') {
  const alerts = makeAlerts(10_000);
  const incidents = makeIncidents(1_000);
  const base = initialState({ context: { name: 'bench', isProd: false, readOnly: false, author: 'bench' }, enabled: { alertmanager: true, pagerduty: true, prometheus: false }, now: NOW });
  const store = createStore({ ...base, alerts, incidents });
  const dispatcher = createDispatcher({ store, context: { name: 'bench', author: 'bench' }, now: () => new Date(NOW), refreshNow: () => {}, setPaused: () => {}, quit: () => {} });
  const stdout = new CountingStdout(columns, rows);
  const target = mode === 'screen' ? new ScreenWriter(stdout) : stdout;
  const stdin = new FakeStdin();
  const theme = makeTheme({ ascii: process.env.BENCH_ASCII === '1', color: true, hyperlinks: true });
  boundHeapGrowth(); // as the dashboard's mountApp does
  const ink = render(createElement(App, { store, dispatcher, theme, slowMs: 3000 }), {
    stdout: target as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: new CountingStdout(columns, rows) as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    ...FRAMES,
  });
  return { stdout, stdin, ink };
}

/** Presses a key and resolves with the time until the next frame is written, and its bytes. */
async function pressAndMeasure(m: ReturnType<typeof mount>, key: string, settleMs = 40): Promise<{ ms: number; cpuMs: number; bytes: number; later: number }> {
  const before = m.stdout.bytes;
  let cpuMs = Number.NaN;
  // CPU time as well as wall time: on a shared machine the wall clock also counts waiting for a core.
  const cpu0 = process.cpuUsage();
  const frame = new Promise<number>((resolve) => {
    m.stdout.onWrite = () => {
      if (Number.isNaN(cpuMs)) {
        const d = process.cpuUsage(cpu0);
        cpuMs = (d.user + d.system) / 1000;
      }
      resolve(performance.now());
    };
  });
  const t0 = performance.now();
  m.stdin.send(key);
  const t1 = await Promise.race([frame, sleep(1000).then(() => Number.NaN)]);
  // Let the rest of the frame (several writes in one tick) land before counting bytes.
  await sleep(40);
  m.stdout.onWrite = undefined;
  const bytes = m.stdout.bytes - before;
  // The detail pane follows once the cursor rests (~120 ms); counted apart from the move itself.
  if (settleMs > 40) await sleep(settleMs - 40);
  return { ms: t1 - t0, cpuMs, bytes, later: m.stdout.bytes - before - bytes };
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(columns: number, rows: number) {
  const inc = mount(columns, rows, 'screen');
  await sleep(300);
  const firstFrame = inc.stdout.bytes; // the first frame draws everything
  // Warm up, then alternate j and k so the cursor stays inside the window (no scrolling).
  for (let i = 0; i < 10; i++) await pressAndMeasure(inc, i % 2 ? 'k' : 'j');
  const inside: number[] = [];
  const moveBytes: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 150; i++) {
    const r = await pressAndMeasure(inc, i % 2 ? 'k' : 'j');
    inside.push(r.ms);
    moveBytes.push(r.bytes);
    cpu.push(r.cpuMs);
  }
  // Then keep going down: past the window every press scrolls the list.
  const scrolling: number[] = [];
  for (let i = 0; i < 100; i++) {
    const r = await pressAndMeasure(inc, 'j');
    scrolling.push(r.ms);
    cpu.push(r.cpuMs);
  }
  await sleep(300);
  const rested = await pressAndMeasure(inc, 'k', 400);
  inc.ink.unmount();

  // A full redraw: what Ink alone writes for the same key press (the whole frame).
  const full = mount(columns, rows, 'full');
  await sleep(300);
  const nonIncremental = await pressAndMeasure(full, 'j');
  full.ink.unmount();
  const fullRedraw = nonIncremental.bytes;

  const move = pct(moveBytes, 50);
  const all = [...inside, ...scrolling];
  console.log(`terminal ${columns}x${rows}, 10,000 alerts, 1,000 incidents`);
  console.log(`  keypress-to-frame  p50 ${pct(all, 50).toFixed(2)} ms   p99 ${pct(all, 99).toFixed(2)} ms   (target p99 < 16 ms: ${pct(all, 99) < 16 ? 'met' : 'MISSED'})`);
  console.log(`    cursor inside the window  p50 ${pct(inside, 50).toFixed(2)} ms  p99 ${pct(inside, 99).toFixed(2)} ms`);
  console.log(`    CPU per key press          p50 ${pct(cpu, 50).toFixed(2)} ms  p99 ${pct(cpu, 99).toFixed(2)} ms  (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`);
  console.log(`    scrolling the list        p50 ${pct(scrolling, 50).toFixed(2)} ms  p99 ${pct(scrolling, 99).toFixed(2)} ms`);
  console.log(`  bytes: full redraw ${fullRedraw} (first frame ${firstFrame}), cursor move ${move}; detail pane update when the cursor rests ${rested.later}`);
  console.log(`  cursor move / full redraw = ${(move / fullRedraw).toFixed(3)}   (target < 0.1: ${move / fullRedraw < 0.1 ? 'met' : 'MISSED'})`);
}

await run(80, 24);
await run(200, 50);
process.exit(0);
