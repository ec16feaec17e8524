/**
 * The dashboard's 1 s tick on its own: what one second of the clock costs between polls (header ages,
 * countdowns, ages in the lists and details), beside a cursor move (j/k) measured in the same run.
 * The store, App and Ink render as src/ui/mount.ts wires them, on a 200x50 screen with the alerts
 * and incidents of bench/lib/scaleData.ts; the clock moves 1 s per tick, ticks 40 ms apart.
 * `npm run bench -- shift` measures CPU between polls for real; this isolates the tick from polls,
 * load and GC pauses of a shared machine, so a change to what a tick re-renders shows.
 *   npm run bench -- tick        TICK_ALERTS=200,1000 TICKS=300
 */
// bench: built as shipped
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { createElement } from 'react';
import { createDispatcher } from '../src/dispatch/dispatch.js';
import { initialState } from '../src/state/reducer.js';
import { createStore } from '../src/state/store.js';
import { App } from '../src/ui/App.js';
import { FRAMES } from '../src/ui/frames.js';
import { boundHeapGrowth } from '../src/ui/heap.js';
import { ScreenWriter } from '../src/ui/screen.js';
import { makeTheme } from '../src/ui/theme.js';
import { FakeStdin } from '../test/ui/fakeStdin.js';
import { makeAlerts, makeIncidents, ROUTES } from './lib/scaleData.js';

class CountingStdout extends EventEmitter {
  isTTY = true;
  columns = 200;
  rows = 50;
  bytes = 0;
  write = (s: string) => ((this.bytes += Buffer.byteLength(s)), true);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(alerts: number, ticks: number): Promise<void> {
  let now = Date.parse('2024-05-01T12:00:00Z');
  const store = createStore(initialState({ context: { name: 'bench', isProd: false, readOnly: false, author: 'bench' }, enabled: { alertmanager: true, pagerduty: true, prometheus: false }, now }));
  const a = makeAlerts(alerts, now);
  store.dispatch({ type: 'routesLoaded', routes: ROUTES });
  store.dispatch({ type: 'alertsLoaded', alerts: a, silences: [] });
  store.dispatch({ type: 'incidentsLoaded', incidents: makeIncidents(20, a, now), oncalls: [] });
  // The header says how long ago each source answered, as it does between polls.
  for (const source of ['alertmanager', 'pagerduty'] as const) store.dispatch({ type: 'pollOk', source, at: now, latencyMs: 5, slow: false, nextAttemptAt: now + 15_000 });
  const dispatcher = createDispatcher({ store, context: { name: 'bench', author: 'bench' }, now: () => new Date(now), refreshNow: () => {}, setPaused: () => {}, quit: () => {} });
  const out = new CountingStdout();
  const stdin = new FakeStdin();
  boundHeapGrowth(); // as the dashboard's mountApp does
  const ink = render(createElement(App, { store, dispatcher, theme: makeTheme({ ascii: false, color: true, hyperlinks: true }), slowMs: 3000 }), {
    stdout: new ScreenWriter(out) as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, stderr: new CountingStdout() as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false, patchConsole: false, ...FRAMES,
  });
  await sleep(500);
  const measure = async (n: number, step: (i: number) => void) => {
    const c0 = process.cpuUsage();
    const b0 = out.bytes;
    for (let i = 0; i < n; i++) (step(i), await sleep(40));
    const c = process.cpuUsage(c0);
    return { ms: (c.user + c.system) / 1000 / n, bytes: (out.bytes - b0) / n };
  };
  const keys = await measure(100, (i) => stdin.send(i % 2 ? 'k' : 'j'));
  const tick = await measure(ticks, () => store.dispatch({ type: 'tick', now: (now += 1000) }));
  ink.unmount();
  console.log(`  ${String(alerts).padStart(6)} alerts: tick ${tick.ms.toFixed(2)} ms CPU, ${tick.bytes.toFixed(0)} B (${(tick.ms / 10).toFixed(2)}% of a CPU at one a second); j/k ${keys.ms.toFixed(2)} ms, ${keys.bytes.toFixed(0)} B; tick/key ${(tick.ms / keys.ms).toFixed(2)}`);
}

if (process.env.NODE_ENV !== 'production') {
  console.error('run through npm run bench -- tick (the shipped build is production React)');
  process.exit(1);
}
console.log(`200x50, ticks of 1 s on the clock, 40 ms apart; CPU per frame (process.cpuUsage)`);
for (const n of (process.env.TICK_ALERTS ?? '200,1000').split(',').map(Number)) await run(n, Number(process.env.TICKS ?? 300));
process.exit(0);
