import { describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../src/dispatch/dispatch.js';
import type { ContextDeps } from '../../src/dispatch/types.js';
import type { FleetMember } from '../../src/state/fleet.js';
import type { SloHistory } from '../../src/domain/slo/history.js';
import type { AlertSource, IncidentSource, SloSource } from '../../src/state/ports.js';
import { initialState, reducer } from '../../src/state/reducer.js';
import { createStore } from '../../src/state/store.js';
import type { Pane } from '../../src/state/types.js';
import { alert, incident, silence, slo, T0 } from '../state/fixtures.js';

const ALL = { alertmanager: true, pagerduty: true, prometheus: false };

function am(name: string, calls: string[]): AlertSource {
  return {
    alerts: async () => [],
    silences: async () => [],
    createSilence: async (d) => (calls.push(`${name} create ${d.matchers.map((m) => `${m.name}=${m.value}`).join(',')}`), `sil-${name}`),
    updateSilence: async (d) => d.id!,
    expireSilence: async (id) => void calls.push(`${name} expire ${id}`),
  };
}

function pd(name: string, calls: string[]): IncidentSource {
  return {
    incidents: async () => [],
    oncalls: async () => [],
    acknowledge: async (ids) => (calls.push(`${name} ack ${ids.join(',')}`), ids.map((id) => incident(id, { status: 'acknowledged' }))),
    resolve: async (ids) => (calls.push(`${name} resolve ${ids.join(',')}`), []),
    addNote: async () => ({}),
    incident: async (id) => incident(id),
    notes: async () => [],
  };
}

/** prod-eu and prod-us (read-only) share one PagerDuty account, polled and written through prod-eu. */
function setup(usReadOnly = true) {
  const members: FleetMember[] = [
    { name: 'prod-eu', readOnly: false, enabled: ALL },
    { name: 'prod-us', readOnly: usReadOnly, ...(usReadOnly ? { readOnlyReason: 'read_only in context prod-us' } : {}), enabled: ALL, pagerdutyVia: 'prod-eu' },
  ];
  let s = initialState({ context: { name: 'prod-eu', isProd: true, readOnly: false, author: 'ada' }, enabled: ALL, now: T0, fleet: members });
  const cpu = alert('fp1', { alertname: 'HighCPU', service: 'search', severity: 'critical' });
  const match = [{ name: 'alertname', value: 'HighCPU', isRegex: false, isEqual: true }];
  s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: [cpu], silences: [silence('s-eu', match)] });
  s = reducer(s, { type: 'alertsLoaded', context: 'prod-us', alerts: [cpu], silences: [silence('s-us', match, { endsAt: new Date(T0 + 7_200_000) })] });
  s = reducer(s, { type: 'incidentsLoaded', context: 'prod-eu', incidents: [incident('P7')], oncalls: [] });
  const store = createStore(s);
  const calls: string[] = [];
  const own = (name: string, readOnly: boolean): ContextDeps => ({
    alertmanager: am(name, calls),
    pagerduty: pd('prod-eu', calls),
    context: { name, author: 'ada', readOnly, ...(readOnly ? { readOnlyReason: `read_only in context ${name}` } : {}) },
  });
  const contexts = { 'prod-eu': own('prod-eu', false), 'prod-us': own('prod-us', usReadOnly) };
  const dispatcher = createDispatcher({ store, ...contexts['prod-eu'], contexts, now: () => new Date(T0), refreshNow: () => {}, setPaused: () => {}, quit: () => {} });
  const press = (...keys: string[]) => keys.forEach((name) => dispatcher.handleKey({ name, text: name.length === 1 ? name : undefined }));
  const focus = (pane: Pane, cursor = 0) => {
    store.dispatch({ type: 'focus', pane });
    store.dispatch({ type: 'moveTo', where: 'top' });
    store.dispatch({ type: 'move', delta: cursor });
  };
  return { store, calls, press, focus };
}

describe('actions over several contexts go to the context of the row', () => {
  it('a silence made from a prod-us alert goes to prod-us’s Alertmanager only', async () => {
    const t = setup(false);
    t.focus('alerts', 2); // group prod-eu, its alert, group prod-us
    t.press('s');
    expect(t.store.getState().acting).toBe('prod-us');
    t.store.dispatch({ type: 'silenceFormEdit', patch: { comment: 'disk swap' } });
    t.press('enter');
    await vi.waitFor(() => expect(t.calls).toEqual(['prod-us create alertname=HighCPU,service=search,severity=critical']));
    expect(t.store.getState().silences.find((s) => s.id === 'sil-prod-us')?.context).toBe('prod-us');
  });

  it('obeys each context’s read-only setting: expiring in read-only prod-us is refused, in prod-eu it is sent', async () => {
    const t = setup(true);
    t.focus('silences', 1); // s-us ends later: second
    t.press('x');
    expect(t.store.getState().mode).toBe('normal');
    expect(t.store.getState().status?.text).toContain('read_only in context prod-us');
    t.focus('silences', 0);
    t.press('x', 'y');
    await vi.waitFor(() => expect(t.calls).toEqual(['prod-eu expire s-eu']));
  });

  it('names the context a shared PagerDuty account is written through, and writes there', async () => {
    const t = setup(true);
    t.focus('incidents');
    t.press('a');
    expect(t.store.getState().confirm?.message).toBe('Acknowledge #7 via prod-eu?');
    t.press('y');
    await vi.waitFor(() => expect(t.calls).toEqual(['prod-eu ack P7']));
  });

  it('refuses one write over rows of two contexts', () => {
    const t = setup(false);
    t.focus('silences', 0);
    t.press('space', 'j', 'space', 'x');
    expect(t.store.getState().mode).toBe('normal');
    expect(t.store.getState().status?.text).toContain('from prod-eu and prod-us');
    expect(t.calls).toEqual([]);
  });
});

describe('SLO details over several contexts', () => {
  it('read the selected SLO’s history from its own context’s Prometheus, by its own id', async () => {
    const members: FleetMember[] = [
      { name: 'prod-eu', readOnly: false, enabled: { ...ALL, prometheus: true } },
      { name: 'prod-us', readOnly: false, enabled: { ...ALL, prometheus: true } },
    ];
    let s = initialState({ context: { name: 'prod-eu', isProd: true, readOnly: false, author: 'ada' }, enabled: { ...ALL, prometheus: true }, now: T0, fleet: members });
    s = reducer(s, { type: 'slosLoaded', context: 'prod-eu', slos: [slo('api')] });
    s = reducer(s, { type: 'slosLoaded', context: 'prod-us', slos: [slo('api')] });
    const store = createStore(s);
    const asked: string[] = [];
    const slos = (name: string): SloSource => ({
      load: async () => ({ reports: [], skipped: [] }),
      history: async (id) => {
        asked.push(`${name} ${id}`);
        return { from: new Date(T0 - 86_400_000), to: new Date(T0), badStretches: { periods: [], complete: true }, outages: null, breaches: { periods: [], complete: true }, worst: null } as unknown as SloHistory;
      },
    });
    const own = (name: string): ContextDeps => ({ slos: slos(name), context: { name, author: 'ada', readOnly: false } });
    const contexts = { 'prod-eu': own('prod-eu'), 'prod-us': own('prod-us') };
    const dispatcher = createDispatcher({ store, ...contexts['prod-eu'], contexts, now: () => new Date(T0), refreshNow: () => {}, setPaused: () => {}, quit: () => {} });
    store.dispatch({ type: 'focus', pane: 'slo' });
    store.dispatch({ type: 'moveTo', where: 'top' });
    store.dispatch({ type: 'move', delta: 1 });
    expect(store.getState().slos.map((x) => x.id)).toEqual(['prod-eu/api', 'prod-us/api']);
    dispatcher.handleKey({ name: 'enter' });
    await vi.waitFor(() => expect(store.getState().sloHistory?.loading).toBe(false));
    expect(asked).toEqual(['prod-us api']);
    expect(store.getState().sloHistory?.error).toBeUndefined();
  });
});
