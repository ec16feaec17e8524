/**
 * A 12-hour shift: the dashboard's own store, pollers (default intervals), key dispatch and Ink
 * render (src/ui/mount.ts, as src/cli/session.ts wires them) against a real Prometheus 2.42 (30 days
 * of SLO history), a real Alertmanager 0.25 and the PagerDuty fake, each poll a real request.
 * Part 1, fake time: the pollers' injected timers and clock (and the 1 s tick) run 12 hours of polls in
 * minutes; 5% of the alerts are replaced every 15 minutes and keys are pressed every 10. RSS and heap
 * are read after a GC each hour; target: RSS after the first hour (warm-up) grows < 5%.
 * Part 2, real time: the same store, real timers, a few minutes; CPU (process.cpuUsage) is summed
 * over the stretches between polls (no poll in flight, none ended in the last second); target < 1%.
 * Memory is read there too, every 5 minutes: fake time draws far fewer frames than real time and
 * makes in minutes the garbage of hours, so a real hour (SHIFT_HOURS=0, SHIFT_IDLE_SECONDS=3900) is
 * the closer measure of RSS growth; its warm-up is the first 10 minutes (the first keys at 2 minutes,
 * the first churn at 5).
 *   npm run bench -- shift
 *   SHIFT_HOURS=1 SHIFT_ALERTS=200 SHIFT_IDLE_SECONDS=60 npm run bench -- shift   (a quick run)
 *   SHIFT_HOURS=0 SHIFT_IDLE_SECONDS=3900 npm run bench -- shift   (a shift of an hour in real time only)
 * Built as oncall ships (scripts/build-bundle.mjs, see scripts/bench.sh): with the dependencies kept
 * external, Ink measured its text with an unpatched string-width: about a quarter of each tick's CPU
 * (7.6 against 5.7 ms at 200 alerts), which the shipped build does not spend (src/ui/text/symbolWidth.ts).
 */
// bench: built as shipped
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { loadContext } from '../src/cli/context.js';
import { dashboardDeps } from '../src/cli/dashboard.js';
import { dashboardSlos } from '../src/cli/dashboardSlos.js';
import { createDispatcher } from '../src/dispatch/dispatch.js';
import type { Action } from '../src/state/actions.js';
import { watchAckSilences } from '../src/state/ackExpiry.js';
import { startPollers, type PollerControl } from '../src/state/pollers.js';
import { initialState } from '../src/state/reducer.js';
import { createStore } from '../src/state/store.js';
import { mountApp, openTerminal } from '../src/ui/mount.js';
import { captureIo } from '../test/cli/helpers/io.js';
import { FakeStdin } from '../test/ui/fakeStdin.js';
import { FakeClock } from './lib/fakeClock.js';
import { nativeParts, rssParts, type NativeParts } from './lib/memory.js';
import { pagerDutyChild, startShiftServers } from './lib/shiftServers.js';
import { shippedEnv, shippedNodeFlags } from './lib/shipped.js';

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class CountingStdout extends EventEmitter {
  isTTY = true;
  columns = 200;
  rows = 50;
  bytes = 0;
  write = (chunk: string) => ((this.bytes += Buffer.byteLength(chunk)), true);
}

/**
 * After full collections, and once V8's threads have handed the freed pages back. Read at once, the
 * hourly RSS of one 12-hour run ranged 178-275 MB with the heap flat at 29-46 MB; read 300 ms later,
 * 175-220 MB in the next run.
 */
async function memory(): Promise<{ rss: number; heap: number; committed: number; young: number; outside: number; anon: number; file: number; parts: NativeParts }> {
  globalThis.gc!();
  globalThis.gc!();
  await sleep(300);
  const m = process.memoryUsage();
  // committed: what V8 holds for its heap, used or not; outside: Buffers and other memory V8 only points to.
  // young: V8's young generation (new space). After the collections above it is 1-4 MB whatever
  // --max-semi-space-size says (1-16 MB measured the same): up to 3 MB of what committed moves by
  // between samples; the rest is the old generation.
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
  return { rss: m.rss / 1e6, heap: m.heapUsed / 1e6, committed: m.heapTotal / 1e6, young: young / 1e6, outside: m.external / 1e6, ...rssParts(), parts: nativeParts() };
}

async function main(): Promise<void> {
  const hours = Number(process.env.SHIFT_HOURS ?? 12);
  const alerts = Number(process.env.SHIFT_ALERTS ?? 1000);
  const idleSeconds = Number(process.env.SHIFT_IDLE_SECONDS ?? 180);
  // SLO window: 30 days as users have it; shorter only to start Prometheus faster in a quick run.
  const windowDays = Number(process.env.SHIFT_SLO_DAYS ?? 30);
  const snapshots = process.env.SHIFT_HEAPSNAP; // a folder: a heap snapshot at every sample (hourly in fake time, and in real time)
  const t0 = performance.now();
  const endSec = Math.floor(Date.now() / HOUR) * 3600;
  const startMs = (endSec - hours * 3600) * 1000;
  const servers = await startShiftServers({ alerts, fromSec: endSec - (windowDays + 1) * 86_400 - hours * 3600, endSec, windowDays });
  const stdin = new FakeStdin();
  try {
    console.log(`setup (Prometheus with ${windowDays + 1} days of history, ${alerts} alerts, PagerDuty demo account): ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const env = { PATH: process.env.PATH, HOME: servers.configDir, USER: 'bench', ONCALL_CONFIG_DIR: servers.configDir };
    const ctx = await loadContext({ output: 'table' }, env);
    const deps = await dashboardDeps(ctx, { output: 'table', io: captureIo(env) } as Parameters<typeof dashboardDeps>[1]);
    const fake = new FakeClock(startMs);
    const now = () => new Date(fake.now);

    // As session.ts builds them, with the fake clock.
    const store = createStore(initialState({ context: { ...deps.context }, enabled: { alertmanager: true, pagerduty: true, prometheus: true }, now: fake.now }));
    const polls = { started: 0, ok: {} as Record<string, number>, failed: {} as Record<string, number>, active: 0, lastEnd: 0, events: 0 };
    const dispatch = store.dispatch;
    store.dispatch = (a: Action) => {
      if (a.type === 'pollStarted') (polls.started++, polls.active++, polls.events++);
      if (a.type === 'pollOk' || a.type === 'pollFailed') {
        const c = a.type === 'pollOk' ? polls.ok : polls.failed;
        c[a.source] = (c[a.source] ?? 0) + 1;
        polls.active = Math.max(0, polls.active - 1);
        polls.lastEnd = performance.now();
        polls.events++;
      }
      dispatch(a);
    };
    const pollDeps = { alertmanager: deps.alertmanager, pagerduty: deps.pagerduty, loadRoutes: deps.loadRoutes, poll: deps.poll, slowMs: 3000 };
    let pollers: PollerControl = startPollers(store, { ...pollDeps, slos: dashboardSlos({ ...ctx, prometheus: ctx.prometheus! }, { now }), timers: fake.timers, clock: fake.clock });
    const stopAckWatch = watchAckSilences(store, deps.alertmanager!, () => ({ audit: deps.audit, context: deps.context, now }));
    let stopTick = fake.every(1000, () => store.dispatch({ type: 'tick', now: fake.now }));
    const pageSize = { current: 10 };
    const dispatcher = createDispatcher({
      store, alertmanager: deps.alertmanager, pagerduty: deps.pagerduty, audit: deps.audit, context: { name: deps.context.name, author: deps.context.author },
      now, refresh: (s) => pollers.pollers[s]?.refreshNow(), refreshNow: () => pollers.refreshNow(), setPaused: (p) => pollers.setPaused(p), quit: () => {},
      pageSize: () => pageSize.current, detailMax: () => 0, emit: () => {}, env, ascii: false,
    });
    const stdout = new CountingStdout();
    const terminal = openTerminal({ stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, ascii: false, onSignal: () => {}, onCrash: (e) => console.error('crash', e) });
    const mounted = mountApp({ terminal, store, dispatcher, display: deps.display, slowMs: 3000, pageSize, stdin: stdin as unknown as NodeJS.ReadStream, patchConsole: false });

    // Part 1: the shift in fake time.
    const wall = performance.now();
    const samples: Array<{ hour: number } & Awaited<ReturnType<typeof memory>>> = [];
    let nextChurn = startMs + 15 * 60_000;
    let nextKeys = startMs + 10 * 60_000;
    let nextSample = startMs;
    let keys = 0;
    while (fake.now < startMs + hours * HOUR) {
      while (Object.values(pollers.pollers).some((p) => p.isInFlight)) await sleep(2);
      await nextTurn(); // React renders what the last timer changed
      if (fake.now >= nextSample) {
        await sleep(100); // Ink's throttled frame lands before memory is read
        samples.push({ hour: (fake.now - startMs) / HOUR, ...(await memory()) });
        if (snapshots) writeHeapSnapshot(join(snapshots, `shift-${samples.length - 1}h.heapsnapshot`));
        nextSample += HOUR;
      }
      if (fake.now >= nextChurn) {
        await servers.churn(0.05);
        nextChurn += 15 * 60_000;
      }
      if (fake.now >= nextKeys) {
        for (const k of ['j', 'j', 'j', 'k', keys % 6 === 0 ? 'g' : 'j']) (stdin.send(k), await nextTurn());
        keys++;
        nextKeys += 10 * 60_000;
      }
      fake.fireNext();
    }
    while (Object.values(pollers.pollers).some((p) => p.isInFlight)) await sleep(2);
    await sleep(200);
    samples.push({ hour: hours, ...(await memory()) });
    const partOneS = (performance.now() - wall) / 1000;
    if (hours > 0) {
      console.log(`\npart 1: ${hours} h of fake time in ${partOneS.toFixed(0)} s; polls ok ${JSON.stringify(polls.ok)}, failed ${JSON.stringify(polls.failed)}; ${keys * 5} keys; ${(stdout.bytes / 1e6).toFixed(1)} MB to the terminal`);
      console.log('  hour   RSS MB   heap MB   heap committed   external MB   RSS private   RSS of files   (after GC)');
      for (const s of samples) console.log(`  ${s.hour.toFixed(1).padStart(4)}  ${s.rss.toFixed(1).padStart(7)}  ${s.heap.toFixed(1).padStart(8)}  ${s.committed.toFixed(1).padStart(15)}  ${s.outside.toFixed(1).padStart(12)}  ${s.anon.toFixed(1).padStart(12)}  ${s.file.toFixed(1).padStart(13)}`);
    }
    const warm = samples.find((s) => s.hour >= 1) ?? samples[0]!;
    const last = samples[samples.length - 1]!;
    const rssGrowth = (last.rss - warm.rss) / warm.rss;
    const heapGrowth = (last.heap - warm.heap) / warm.heap;
    const peak = Math.max(...samples.filter((s) => s.hour >= warm.hour).map((s) => s.rss));

    // Part 2: real time, real timers; CPU between polls.
    stopTick();
    pollers.stop();
    pollers = startPollers(store, { ...pollDeps, slos: dashboardSlos({ ...ctx, prometheus: ctx.prometheus! }) });
    const tick = setInterval(() => store.dispatch({ type: 'tick', now: Date.now() }), 1000);
    stopTick = () => clearInterval(tick);
    let idleCpu = 0;
    let idleWall = 0;
    // As in part 1, alerts change every 15 minutes and keys are pressed every 10, and memory is read
    // after a GC every few minutes (SHIFT_SAMPLE_MINUTES); stretches with any of these are not idle.
    const sampleEvery = Number(process.env.SHIFT_SAMPLE_MINUTES ?? 5) * 60_000;
    const realSamples: Array<{ minute: number } & Awaited<ReturnType<typeof memory>>> = [];
    // Printed as taken, so a run of an hour can be followed.
    const sampleNow = async (minute: number) => {
      const m = { minute, ...(await memory()) };
      realSamples.push(m);
      if (snapshots) writeHeapSnapshot(join(snapshots, `real-${minute.toFixed(0)}m.heapsnapshot`));
      const p = m.parts;
      const cols = [m.rss, m.heap, m.committed, m.young, m.anon, p.v8, p.code, p.zones, p.brk, p.other];
      console.log(`  ${m.minute.toFixed(0).padStart(6)}` + cols.map((v, i) => v.toFixed(1).padStart([7, 8, 15, 12, 12, 8, 7, 8, 7, 7][i]!)).join('  '));
    };
    console.log(`\npart 2: ${idleSeconds} s of real time at the default intervals (${deps.poll.alertmanagerMs / 1000}s/${deps.poll.pagerdutyMs / 1000}s/${deps.poll.prometheusMs / 1000}s)`);
    // Where the private memory sits (bench/lib/memory.ts): V8's pages, of them code, V8's own malloc
    // (zones), the main malloc arena (brk), and the private memory V8 does not count for (malloc's).
    console.log('  minute   RSS MB   heap MB   heap committed   of it young   RSS private     V8 pg     code     zones      brk   not V8   (after GC)');
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    let nextRealSample = wallStart;
    // The first keys and the first churn come within the warm-up (the first 10 minutes), then every 10
    // and 15 minutes: the first of each fills what stays (compiled code, the row and line caches of
    // src/ui/frameCache.ts). With the first keys at minute 10, just after the warm-up sample, one real
    // hour read 105.4 MB at 10 minutes, 110.3 at 15 and 110.3-113.6 from there to 50: a step of 4.6%
    // the keys made once, read as growth.
    let nextRealChurn = wallStart + 5 * 60_000;
    let nextRealKeys = wallStart + 2 * 60_000;
    let quietFrom = 0;
    while (performance.now() - wallStart < idleSeconds * 1000) {
      const now = performance.now();
      if (now >= nextRealSample || now >= nextRealChurn || now >= nextRealKeys) {
        if (now >= nextRealSample) (await sampleNow((now - wallStart) / 60_000), (nextRealSample += sampleEvery));
        if (now >= nextRealChurn) (await servers.churn(0.05), (nextRealChurn += 15 * 60_000));
        if (now >= nextRealKeys) {
          for (const k of ['j', 'j', 'j', 'k', keys % 6 === 0 ? 'g' : 'j']) (stdin.send(k), await nextTurn());
          keys++;
          nextRealKeys += 10 * 60_000;
        }
        quietFrom = performance.now() + 1000;
        continue;
      }
      const events = polls.events;
      const busy = polls.active > 0 || now - polls.lastEnd < 1000 || now < quietFrom;
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      await sleep(250);
      const d = process.cpuUsage(c0);
      if (!busy && polls.events === events && polls.active === 0) {
        idleCpu += (d.user + d.system) / 1000;
        idleWall += performance.now() - w0;
      }
    }
    const all = process.cpuUsage(cpuStart);
    const allPct = ((all.user + all.system) / 1000 / (performance.now() - wallStart)) * 100;
    const idlePct = (idleCpu / idleWall) * 100;
    await sampleNow((performance.now() - wallStart) / 60_000);
    stopTick();
    stopAckWatch();
    pollers.stop();
    mounted.unmount();
    terminal.restore();

    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    console.log(`\npart 2, load average ${loadavg()[0]!.toFixed(1)}`);
    console.log(`  between polls: ${(idleWall / 1000).toFixed(0)} s measured, ${idleCpu.toFixed(0)} ms CPU; all of part 2: ${allPct.toFixed(2)}% CPU`);
    // In real time, warm-up is the first 10 minutes (every poller has answered many times, the SLO
    // windows are fetched, keys were pressed and alerts replaced once); growth is read from there
    // when the part lasts at least 20 minutes.
    const realWarm = realSamples.find((m) => m.minute >= 10);
    const realLast = realSamples[realSamples.length - 1]!;
    console.log(`\n${alerts} alerts, 200x50 terminal`);
    if (hours > 0 && last.hour <= warm.hour) console.log(`  ${hours} h of fake time: too short to read growth after the first hour`);
    if (last.hour > warm.hour) {
      console.log(`  ${hours} h of fake time, RSS after warm-up (${warm.hour} h → ${last.hour} h): ${warm.rss.toFixed(1)} → ${last.rss.toFixed(1)} MB (peak ${peak.toFixed(1)}), growth ${(rssGrowth * 100).toFixed(1)}%   target < 5%: ${verdict(rssGrowth < 0.05)}`);
      console.log(`  heap after GC (same hours): ${warm.heap.toFixed(1)} → ${last.heap.toFixed(1)} MB, growth ${(heapGrowth * 100).toFixed(1)}%`);
    }
    if (realWarm && realLast.minute - realWarm.minute >= 10) {
      const growth = (realLast.rss - realWarm.rss) / realWarm.rss;
      const realPeak = Math.max(...realSamples.filter((m) => m.minute >= realWarm.minute).map((m) => m.rss));
      console.log(`  ${(idleSeconds / 60).toFixed(0)} min of real time, RSS after warm-up (${realWarm.minute.toFixed(0)} → ${realLast.minute.toFixed(0)} min): ${realWarm.rss.toFixed(1)} → ${realLast.rss.toFixed(1)} MB (peak ${realPeak.toFixed(1)}), growth ${(growth * 100).toFixed(1)}%   target < 5%: ${verdict(growth < 0.05)}`);
      console.log(`  heap after GC (same minutes): ${realWarm.heap.toFixed(1)} → ${realLast.heap.toFixed(1)} MB`);
      // One sample can be up to 3 MB off (the young generation's size when it was taken): the line
      // through every sample after warm-up says whether RSS keeps rising or only moved between two.
      const fit = fittedGrowth(realSamples.filter((m) => m.minute >= realWarm.minute).map((m) => [m.minute, m.rss] as const));
      console.log(`  RSS after warm-up by the least-squares line through its ${fit.samples} samples: growth ${(fit.growth * 100).toFixed(1)}% (${fit.perHourMb.toFixed(1)} MB an hour)`);
    }
    console.log(`  CPU between polls: ${idlePct.toFixed(2)}%   target < 1%: ${verdict(idlePct < 1)}`);
  } finally {
    await servers.stop();
  }
}

/** The least-squares line through (minute, MB) points: its rise over their span, relative to where it starts, and per hour. */
function fittedGrowth(points: ReadonlyArray<readonly [number, number]>): { growth: number; perHourMb: number; samples: number } {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const slope = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const first = points[0]![0];
  const last = points[n - 1]![0];
  const start = my + slope * (first - mx);
  return { growth: (slope * (last - first)) / start, perHourMb: slope * 60, samples: n };
}

if (process.env.BENCH_ROLE === 'pd') {
  await pagerDutyChild();
} else if (process.env.NODE_ENV !== 'production' || typeof globalThis.gc !== 'function') {
  // Production React, as users run it; --expose-gc so memory is read after a collection, not before one.
  const child = spawnSync(process.execPath, ['--expose-gc', ...shippedNodeFlags(), ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...shippedEnv(), NODE_ENV: 'production', FORCE_COLOR: '1' },
  });
  process.exit(child.status ?? 1);
} else {
  await main();
  process.exit(0);
}
