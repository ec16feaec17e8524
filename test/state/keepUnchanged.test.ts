import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/types.js';
import { keepUnchanged } from '../../src/state/keepUnchanged.js';
import { startPollers } from '../../src/state/pollers.js';
import { createStore, type Store } from '../../src/state/store.js';
import type { Action } from '../../src/state/actions.js';
import { alert, state, T0 } from './fixtures.js';
import { FakeTimers } from './fakeTimers.js';

// As Alertmanager answers at each poll: every firing alert's updatedAt and endsAt moved on.
const at = (minute: number, a: Alert): Alert => ({ ...a, labels: { ...a.labels }, annotations: { ...a.annotations }, updatedAt: new Date(T0 + minute * 60_000), endsAt: new Date(T0 + (minute + 4) * 60_000) });
const cpu = alert('fp1', { alertname: 'HighCPU', instance: 'a' });
const disk = alert('fp2', { alertname: 'DiskFull', instance: 'b' });

/** The session's Alertmanager poller (15 s) over a source answering `answer()`, on fake timers. */
function pollAlerts(store: Store, answer: () => Alert[], context?: string) {
  const t = new FakeTimers();
  const control = startPollers(store, {
    ...(context ? { context } : {}),
    alertmanager: {
      alerts: async () => answer(),
      silences: async () => [],
      createSilence: async () => 'id',
      updateSilence: async () => 'id',
      expireSilence: async () => {},
    },
    poll: { alertmanagerMs: 15_000, pagerdutyMs: 30_000, prometheusMs: 30_000 },
    timers: t,
    clock: t.clock,
    random: () => 1,
  });
  return { t, control };
}

describe('an alert that shows nothing new keeps its object from one poll to the next', () => {
  it('an answer that differs only in update and end times is the last answer itself', () => {
    const first = [at(0, cpu), at(0, disk)];
    expect(keepUnchanged(first, [at(1, cpu), at(1, disk)])).toBe(first);
  });

  it('an alert whose annotation, silence or state changed is the new one; the others are the objects already held', () => {
    const first = [at(0, cpu), at(0, disk)];
    const summary = keepUnchanged(first, [at(1, { ...cpu, annotations: { summary: 'CPU at 97%' } }), at(1, disk)]);
    expect(summary).not.toBe(first);
    expect(summary[0]!.annotations.summary).toBe('CPU at 97%');
    expect(summary[1]).toBe(first[1]);
    const silenced = keepUnchanged(first, [at(1, cpu), at(1, { ...disk, state: 'suppressed', silencedBy: ['s1'] })]);
    expect(silenced[0]).toBe(first[0]);
    expect(silenced[1]).toMatchObject({ state: 'suppressed', silencedBy: ['s1'] });
  });

  it('an alert gone or come makes a new list in the answer’s order, the others kept', () => {
    const first = [at(0, cpu), at(0, disk)];
    const gone = keepUnchanged(first, [at(1, disk)]);
    expect(gone).toEqual([first[1]]);
    expect(gone[0]).toBe(first[1]);
    const swapped = keepUnchanged(first, [at(1, disk), at(1, cpu)]);
    expect(swapped).not.toBe(first);
    expect(swapped[0]).toBe(first[1]);
  });

  it('the dashboard’s poller sends nothing when only the times moved, and the kept alerts when one changed', async () => {
    const store = createStore(state());
    const sent: Action[] = [];
    const dispatch = store.dispatch;
    store.dispatch = (a) => (sent.push(a), dispatch(a));
    let minute = 0;
    let summary = 'CPU high';
    const { t, control } = pollAlerts(store, () => [at(minute, { ...cpu, annotations: { summary } }), at(minute, disk)]);
    const loads = () => sent.filter((a) => a.type === 'alertsLoaded');
    await t.advance(0);
    const held = store.getState().alerts;
    expect(loads()).toHaveLength(1);
    minute = 1;
    await t.advance(15_000);
    expect(store.getState().sources.alertmanager.status).toBe('ok');
    expect(loads()).toHaveLength(1);
    expect(store.getState().alerts).toBe(held);
    minute = 2;
    summary = 'CPU at 97%';
    await t.advance(15_000);
    expect(loads()).toHaveLength(2);
    expect(store.getState().alerts[0]!.annotations.summary).toBe('CPU at 97%');
    expect(store.getState().alerts[1]).toBe(held[1]);
    control.stop();
  });

  it('over several contexts, the alerts a context’s poller keeps are the tagged ones the store lists', async () => {
    const sent: Action[] = [];
    let minute = 0;
    let diskNow = disk;
    const { t, control } = pollAlerts({ ...createStore(state()), dispatch: (a) => void sent.push(a) }, () => [at(minute, cpu), at(minute, diskNow)], 'prod-eu');
    const loads = () => sent.flatMap((a) => (a.type === 'alertsLoaded' ? [a.alerts] : []));
    await t.advance(0);
    expect(loads().map((list) => list.map((a) => [a.context, a.fingerprint]))).toEqual([[['prod-eu', 'prod-eu/fp1'], ['prod-eu', 'prod-eu/fp2']]]);
    minute = 1;
    await t.advance(15_000);
    expect(loads()).toHaveLength(1);
    minute = 2;
    diskNow = { ...disk, state: 'suppressed', silencedBy: ['s1'] };
    await t.advance(15_000);
    expect(loads()).toHaveLength(2);
    expect(loads()[1]![0]).toBe(loads()[0]![0]);
    expect(loads()[1]![1]).toMatchObject({ context: 'prod-eu', fingerprint: 'prod-eu/fp2', state: 'suppressed' });
    control.stop();
  });
});
