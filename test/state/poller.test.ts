import { describe, expect, it } from 'vitest';
import { OncallError } from '../../src/domain/errors.js';
import { Poller } from '../../src/state/poller.js';
import { startPollers } from '../../src/state/pollers.js';
import { createStore } from '../../src/state/store.js';
import { alert, incident, state } from './fixtures.js';
import { deferred, FakeTimers, flush } from './fakeTimers.js';

function make<T>(fetch: () => Promise<T>, timers: FakeTimers, extra: Partial<ConstructorParameters<typeof Poller<T>>[0]> = {}) {
  const events: string[] = [];
  const poller = new Poller<T>({
    name: 'test',
    intervalMs: 15_000,
    fetch,
    onStart: (at) => events.push(`start@${at}`),
    onResult: (_d, info) => events.push(`ok@${info.at}${info.changed ? '' : ' same'}`),
    onError: (err, info) => events.push(`fail@${info.at} next=${info.nextAttemptAt - info.at}`),
    timers,
    clock: timers.clock,
    random: () => 1,
    ...extra,
  });
  return { poller, events };
}

describe('Poller', () => {
  it('never overlaps itself: a slow answer delays the next poll instead of stacking requests', async () => {
    const t = new FakeTimers();
    let calls = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const answers: Array<ReturnType<typeof deferred<number>>> = [];
    const { poller } = make(() => {
      calls++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const d = deferred<number>();
      answers.push(d);
      return d.promise.finally(() => inFlight--);
    }, t);
    poller.start();
    await t.advance(60_000); // four intervals pass while the first poll hangs
    poller.refreshNow();
    poller.refreshNow();
    expect(calls).toBe(1);
    answers[0]!.resolve(1);
    await t.advance(0); // the refresh asked during the poll runs once, right after it
    expect(calls).toBe(2);
    expect(maxInFlight).toBe(1);
    poller.stop();
  });

  it('backs off exponentially on failure and recovers by itself', async () => {
    const t = new FakeTimers();
    let fail = true;
    const { poller, events } = make(async () => {
      if (fail) throw new OncallError('network', 'connection refused', { source: 'test' });
      return 1;
    }, t, { backoffBaseMs: 1000, backoffCapMs: 8000 });
    poller.start();
    await t.advance(1000 + 2000 + 4000 + 8000 + 8000);
    expect(events.filter((e) => e.startsWith('fail')).map((e) => e.split(' ')[1])).toEqual(['next=1000', 'next=2000', 'next=4000', 'next=8000', 'next=8000', 'next=8000']);
    fail = false;
    await t.advance(8000);
    expect(events.at(-1)).toMatch(/^ok@/);
    expect(t.nextAt()).toBe(t.now + 15_000); // back on the normal interval
    poller.stop();
  });

  it('jitters the backoff between half and all of the delay', () => {
    const t = new FakeTimers();
    const low = make(async () => 1, t, { random: () => 0, backoffBaseMs: 4000 }).poller;
    (low as unknown as { failures: number }).failures = 1;
    expect(low.nextDelay()).toBe(2000);
  });

  it('waits as long as a 429 asks', async () => {
    const t = new FakeTimers();
    const { poller, events } = make(async () => {
      throw new OncallError('rate_limited', 'too many requests', { retryAfterSeconds: 42 });
    }, t);
    poller.start();
    await t.advance(0);
    expect(events).toContain('fail@0 next=42000');
    poller.stop();
  });

  it('reports an identical answer as unchanged, pauses, and still refreshes on demand while paused', async () => {
    const t = new FakeTimers();
    let calls = 0;
    const { poller, events } = make(async () => {
      calls++;
      return [1, 2];
    }, t, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
    poller.start();
    await t.advance(15_000);
    expect(events.filter((e) => e.startsWith('ok'))).toEqual(['ok@0', 'ok@15000 same']);
    poller.pause();
    await t.advance(60_000);
    expect(calls).toBe(2);
    poller.refreshNow();
    await flush();
    expect(calls).toBe(3);
    poller.resume();
    await t.advance(0);
    expect(calls).toBe(4);
    poller.stop();
  });
});

describe('startPollers', () => {
  it('a failing source is marked in the store with its stale data kept while the others go on', async () => {
    const t = new FakeTimers();
    const store = createStore(state());
    let amUp = true;
    let pdCalls = 0;
    const control = startPollers(store, {
      alertmanager: {
        alerts: async () => {
          if (!amUp) throw new OncallError('network', 'connection refused', { source: 'alertmanager' });
          return [alert('a1', { alertname: 'X' })];
        },
        silences: async () => [],
        createSilence: async () => 'id',
        updateSilence: async () => 'id',
        expireSilence: async () => {},
      },
      pagerduty: {
        incidents: async () => [incident(`P${++pdCalls}`)],
        oncalls: async () => [],
        acknowledge: async () => [],
        resolve: async () => [],
        addNote: async () => ({}),
        incident: async (id) => incident(id),
        notes: async () => [],
      },
      poll: { alertmanagerMs: 15_000, pagerdutyMs: 30_000, prometheusMs: 30_000 },
      timers: t,
      clock: t.clock,
      random: () => 1,
    });
    await t.advance(0);
    expect(store.getState().sources.alertmanager.status).toBe('ok');
    expect(store.getState().sources.prometheus.status).toBe('unknown');
    amUp = false;
    await t.advance(30_000);
    const s = store.getState();
    expect(s.sources.alertmanager).toMatchObject({ status: 'failing', failingSince: 15_000, lastOkAt: 0 });
    expect(s.sources.alertmanager.lastError).toContain('connection refused');
    expect(s.alerts.map((a) => a.fingerprint)).toEqual(['a1']);
    expect(s.sources.pagerduty.status).toBe('ok');
    expect(s.incidents[0]?.id).toBe('P2'); // PagerDuty kept updating
    control.setPaused(true);
    expect(store.getState().paused).toBe(true);
    control.stop();
    expect(t.pending()).toBe(0);
  });
});

describe('the SLO strip, figures before sparklines', () => {
  const report = (id: string, trend: Array<[number, number]>) => ({ id, name: id, status: 'breached', trend }) as never;

  it('shows the first load’s figures before its trends arrive, but never blanks the sparklines of a later poll', async () => {
    const t = new FakeTimers();
    const store = createStore(state());
    const trends: Array<ReturnType<typeof deferred<void>>> = [];
    let load = 0;
    const control = startPollers(store, {
      slos: {
        load: async (onStatus) => {
          const n = ++load;
          onStatus?.({ reports: [report(`slo-${n}`, [])], skipped: [] });
          const gate = deferred<void>();
          trends.push(gate);
          await gate.promise;
          return { reports: [report(`slo-${n}`, [[1, 0.99]])], skipped: [] };
        },
      },
      poll: { alertmanagerMs: 15_000, pagerdutyMs: 30_000, prometheusMs: 30_000 },
      timers: t,
      clock: t.clock,
      random: () => 1,
    });
    await t.advance(0);
    // The first load: figures at once, sparkline still loading.
    expect(store.getState().slos).toMatchObject([{ id: 'slo-1', trend: [] }]);
    trends[0]!.resolve();
    await t.advance(0);
    expect(store.getState().slos).toMatchObject([{ id: 'slo-1', trend: [[1, 0.99]] }]);
    // The next poll: its early figures would blank the sparkline, so the full answer is awaited.
    await t.advance(30_000);
    expect(store.getState().slos).toMatchObject([{ id: 'slo-1', trend: [[1, 0.99]] }]);
    trends[1]!.resolve();
    await t.advance(0);
    expect(store.getState().slos).toMatchObject([{ id: 'slo-2', trend: [[1, 0.99]] }]);
    control.stop();
  });
});

describe('an Alertmanager answer waits for the keys to pause before it is parsed (beforeDecode)', () => {
  it('the answer waits, and the wait is not the source\'s latency: typing for 5 s does not mark Alertmanager slow', async () => {
    const t = new FakeTimers();
    const store = createStore(state());
    const control = startPollers(store, {
      alertmanager: {
        alerts: async (_filter, opts) => {
          await new Promise<void>((resolve) => t.setTimeout(resolve, 40)); // the answer takes 40 ms to come
          await opts?.beforeDecode?.();
          return [alert('a1', { alertname: 'X' })];
        },
        silences: async () => [],
        createSilence: async () => 'id',
        updateSilence: async () => 'id',
        expireSilence: async () => {},
      },
      poll: { alertmanagerMs: 15_000, pagerdutyMs: 30_000, prometheusMs: 30_000 },
      slowMs: 3000,
      timers: t,
      clock: t.clock,
      beforeDecode: () => new Promise<void>((resolve) => t.setTimeout(resolve, 5000)),
    });
    await t.advance(1000);
    expect(store.getState().alerts).toEqual([]); // come, and waiting to be parsed
    await t.advance(5000);
    const am = store.getState().sources.alertmanager;
    expect(store.getState().alerts.map((a) => a.fingerprint)).toEqual(['a1']);
    expect(am.status).toBe('ok');
    expect(am.lastLatencyMs).toBe(40);
    control.stop();
  });
});
