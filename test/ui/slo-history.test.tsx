import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryPeriod, HistoryReading, SloHistory } from '../../src/domain/slo/history.js';
import type { SloSource } from '../../src/state/ports.js';
import { T0, slo } from '../state/fixtures.js';
import { mount } from './harness.js';
import { press, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

/** The SLO details (`:slo`, enter) read the SLO's history when they open and show its bad stretches and breaches. */
const H = 3_600_000;
const period = (startH: number, endH: number | null): HistoryPeriod => ({
  start: new Date(T0 - startH * H), end: endH === null ? null : new Date(T0 - endH * H), ongoing: endH === null, durationMs: (startH - (endH ?? 0)) * H,
});
const reading = (window: string, threshold: number, periods: HistoryPeriod[]): HistoryReading => ({ query: 'q', window, stepSeconds: 3600, threshold, periods });

function history(badStretches = [period(50, 48), period(30, 29)]): SloHistory {
  return {
    from: new Date(T0 - 720 * H),
    to: new Date(T0),
    breaches: reading('30d', 0.998, [period(40, null)]),
    badStretches: reading('1h', 0.998, badStretches),
    outages: reading('1h', 0.995, [period(50, 49)]),
    worst: { compliance: 0.99772, at: new Date(T0 - 2 * H) },
  };
}

const breached = slo('pay', {
  name: 'Transaction success', objective: 0.998, status: 'breached', compliance: 0.99772, exhaustionMs: 0, critical: { kind: 'below', ratio: 0.995 },
  budget: { totalMs: 5_184_000, remainingMs: -700_000, spentFraction: 1.14, remainingFraction: -0.14 },
});

/** A source whose history answers when the test says: the loading state can be seen. */
function deferredSource() {
  const asked: Array<[string, number]> = [];
  let settle: { resolve(h: SloHistory): void; reject(e: Error): void } | undefined;
  const source: SloSource = {
    load: async () => ({ reports: [], skipped: [] }),
    history: (id, rangeMs) => {
      asked.push([id, rangeMs]);
      return new Promise<SloHistory>((resolve, reject) => (settle = { resolve, reject }));
    },
  };
  return { source, asked, answer: (h: SloHistory) => settle!.resolve(h), fail: (e: Error) => settle!.reject(e) };
}

async function openDetails(src: SloSource) {
  const h = mount({ slos: [breached, slo('web', { name: 'Website' })], sloSource: src, size: { columns: 132, rows: 40 } });
  h.store.dispatch({ type: 'focus', pane: 'slo' });
  await waitForFrame(h.lastFrame, (f) => f.includes('history: enter reads the last 30d'));
  press(h.stdin, 'enter');
  return h;
}

describe('the SLO details show the SLO\'s history', () => {
  it('reads it when the details open (not before), says it is loading, then shows breaches, bad stretches, outages and the worst compliance', async () => {
    const d = deferredSource();
    const h = await openDetails(d.source);
    await waitForFrame(h.lastFrame, (f) => f.includes('history, last 30d: reading Prometheus…'));
    expect(d.asked).toEqual([['pay', 720 * H]]);
    d.answer(history());
    const f = await waitForFrame(h.lastFrame, (f) => f.includes('breaches (30d compliance below 99.8%): 1'));
    expect(f).toMatch(/^ {2}worst 30d compliance: 99\.772% at \d{4}-\d\d-\d\d \d\d:\d\d/m);
    // The ongoing breach: start, "ongoing", how long so far.
    expect(f).toMatch(/^ {4}\d{4}-\d\d-\d\d \d\d:\d\d → ongoing {2}1d16h so far/m);
    expect(f).toContain('bad stretches (1h SLI below 99.8%): 2');
    expect(f).toMatch(/^ {4}\d{4}-\d\d-\d\d \d\d:\d\d → \d{4}-\d\d-\d\d \d\d:\d\d {2}2h$/m);
    expect(f).toContain('outages (1h SLI below 99.5%): 1');
    // The breach says since when the budget is exhausted.
    expect(f).toMatch(/budget exhausted since \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  it('says why when Prometheus could not answer, and closes with esc', async () => {
    const d = deferredSource();
    const h = await openDetails(d.source);
    await waitForFrame(h.lastFrame, (f) => f.includes('reading Prometheus…'));
    d.fail(new Error('prometheus: the range query timed out'));
    await waitForFrame(h.lastFrame, (f) => f.includes('history, last 30d: not read: prometheus: the range query timed out'));
    press(h.stdin, 'esc');
    await waitForFrame(h.lastFrame, (f) => f.includes('history: enter reads the last 30d'));
    expect(h.store.getState().sloHistory).toBeUndefined();
  });

  it('scrolls: a long history reaches its last bad stretch with G', async () => {
    const d = deferredSource();
    const h = await openDetails(d.source);
    const many = Array.from({ length: 40 }, (_, i) => period(700 - i * 10, 699 - i * 10));
    d.answer(history(many));
    let f = await waitForFrame(h.lastFrame, (f) => f.includes('bad stretches (1h SLI below 99.8%): 40'));
    expect(f).toMatch(/more lines/);
    const last = new Date(T0 - 310 * H).toISOString().slice(0, 16).replace('T', ' ');
    expect(f).not.toContain(`${last} →`);
    press(h.stdin, 'G');
    f = await waitForFrame(h.lastFrame, (f) => f.includes(`${last} →`));
    expect(f).not.toContain('history, last 30d');
  });
});
