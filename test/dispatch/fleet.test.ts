import { describe, expect, it, vi } from 'vitest';
import { alertGroups } from '../../src/domain/correlation.js';
import { routingTreeFrom } from '../../src/domain/routing.js';
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

/** As setup(false), with both contexts' routes read and P7 opened by the HighCPU group (in both). */
function joined() {
  const t = setup(false);
  const tree = routingTreeFrom({ route: { receiver: 'pd', group_by: ['alertname'] }, receivers: [{ name: 'pd', pagerduty_configs: [{ routing_key: 'x' }] }] });
  for (const context of ['prod-eu', 'prod-us']) t.store.dispatch({ type: 'routesLoaded', context, routes: tree });
  const key = alertGroups(tree, [alert('fp1', { alertname: 'HighCPU' })])[0]!.dedupKey;
  t.store.dispatch({ type: 'incidentsLoaded', context: 'prod-eu', incidents: [incident('P7', { incidentKey: key })], oncalls: [] });
  return t;
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

  it('refuses a merge of a marked prod-eu incident into a selected prod-us one: the merge writes into both', () => {
    const t = setup(false);
    t.store.dispatch({ type: 'incidentsLoaded', context: 'prod-us', incidents: [incident('P9', { number: 9 })], oncalls: [] });
    t.focus('incidents', 0);
    t.press('space', 'j', 'M');
    expect(t.store.getState().status?.text).toContain('from prod-eu and prod-us');
    expect(t.store.getState().mode).toBe('normal');
    expect(t.calls).toEqual([]);
  });

  it('the combined ack of a prod-us alert names the account it writes through and where the silence goes', async () => {
    const t = joined();
    t.focus('alerts', 3); // group prod-eu, its alert, group prod-us, its alert
    t.press('a');
    expect(t.store.getState().confirm?.message).toBe('Acknowledge #7 via prod-eu and put an ack silence for 1h on 1 group in prod-us?');
    t.press('y');
    await vi.waitFor(() => expect(t.calls).toEqual(['prod-eu ack P7', 'prod-us create alertname=HighCPU']));
  });

  it('a on an incident whose alert group is also in prod-us says that group gets no ack silence', async () => {
    const t = joined();
    t.focus('incidents');
    t.press('a');
    expect(t.store.getState().confirm?.message).toBe('Acknowledge #7 via prod-eu? Its alert group in prod-us gets no ack silence: a on its alerts there does both.');
    t.press('y');
    await vi.waitFor(() => expect(t.calls).toEqual(['prod-eu ack P7', 'prod-eu create alertname=HighCPU']));
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

describe(':take over several contexts', () => {
  const me = { id: 'U1', name: 'Ada', email: 'ada@example.com' };
  const bob = { id: 'U2', name: 'Bob', email: 'bob@example.com' };
  /** A PagerDuty account whose one schedule Bob holds now; overrides are recorded in `calls`. */
  function account(name: string, calls: string[]) {
    const schedule = (id: string) => ({ id, name: `primary-${name}`, users: [me, bob], entries: [{ user: bob, start: new Date(T0 - 3_600_000), end: new Date(T0 + 3_600_000) }] });
    return {
      ...pd(name, calls),
      escalate: async () => ({}),
      reassign: async () => ({}),
      snooze: async () => ({}),
      setPriority: async () => ({}),
      merge: async () => ({}),
      priorities: async () => [],
      logEntries: async () => [],
      users: async () => [me],
      schedules: async () => [schedule(`S-${name}`)],
      schedule: async (id: string) => schedule(id),
      addOverride: async (id: string) => (calls.push(`${name} override ${id}`), { id: 'O1', user: me, start: new Date(T0), end: new Date(T0 + 3_600_000) }),
    } as unknown as IncidentSource;
  }

  /** Contexts ro and rw, listed in that order, each with its own PagerDuty account unless `noPagerDuty`; panes empty. */
  function fleetOf(readOnly: { ro: boolean; rw: boolean }, noPagerDuty?: 'rw') {
    const members: FleetMember[] = (['ro', 'rw'] as const).map((name) => ({ name, readOnly: readOnly[name], ...(readOnly[name] ? { readOnlyReason: `read_only in context ${name}` } : {}), enabled: ALL }));
    const store = createStore(initialState({ context: { name: 'ro', isProd: false, readOnly: readOnly.ro && readOnly.rw, author: 'ada' }, enabled: ALL, now: T0, fleet: members }));
    const calls: string[] = [];
    const own = (name: 'ro' | 'rw'): ContextDeps => ({
      alertmanager: am(name, calls),
      ...(name === noPagerDuty ? {} : { pagerduty: account(name, calls) }),
      context: { name, author: 'ada', pdFrom: 'ada@example.com', readOnly: readOnly[name], ...(readOnly[name] ? { readOnlyReason: `read_only in context ${name}` } : {}) },
    });
    const contexts = { ro: own('ro'), rw: own('rw') };
    // As src/cli/session.ts builds it: the first context's clients, and a context without its read-only setting.
    const dispatcher = createDispatcher({ store, alertmanager: contexts.ro.alertmanager, pagerduty: contexts.ro.pagerduty, context: { name: 'ro', author: 'ada', pdFrom: 'ada@example.com' }, contexts, now: () => new Date(T0), refreshNow: () => {}, setPaused: () => {}, quit: () => {} });
    const take = () => {
      store.dispatch({ type: 'focus', pane: 'silences' }); // no row: nothing names a context
      store.dispatch({ type: 'mode', mode: 'command', input: 'take' });
      dispatcher.handleKey({ name: 'enter' });
    };
    return { store, calls, take, press: (name: string) => dispatcher.handleKey({ name, text: name }) };
  }

  it('with no row selected, takes the pager in the first listed writable context, named in the question', async () => {
    const t = fleetOf({ ro: true, rw: false });
    t.store.dispatch({ type: 'acting', name: 'ro' }); // left by an earlier dialog
    t.take();
    await vi.waitFor(() => expect(t.store.getState().confirm?.message).toMatch(/^Take the pager on primary-rw from Bob until .* \(in rw\)\?$/));
    t.press('y');
    await vi.waitFor(() => expect(t.calls).toEqual(['rw override S-rw']));
  });

  it('does not replace a dialog the user opened while the schedules were read', async () => {
    const t = fleetOf({ ro: false, rw: false });
    t.take();
    // Before PagerDuty answers, the user opens the help.
    t.store.dispatch({ type: 'mode', mode: 'help' });
    await vi.waitFor(() => expect(t.store.getState().status?.text).toBe('take: not asked, another dialog is open; :take again when it is closed'));
    expect(t.store.getState().mode).toBe('help');
    expect(t.store.getState().confirm).toBeUndefined();
  });

  it('refuses when every context is read-only, and sends nothing', async () => {
    const t = fleetOf({ ro: true, rw: true });
    t.take();
    expect(t.store.getState().status?.text).toBe('read-only: take is disabled (every context with PagerDuty is read-only)');
    expect(t.store.getState().confirm).toBeUndefined();
    expect(t.calls).toEqual([]);
  });

  it('refuses when the only context with PagerDuty is read-only, though another context is writable', async () => {
    const t = fleetOf({ ro: true, rw: false }, 'rw');
    t.take();
    expect(t.store.getState().status?.text).toBe('read-only: take is disabled (every context with PagerDuty is read-only)');
    t.press('y');
    await Promise.resolve();
    expect(t.store.getState().confirm).toBeUndefined();
    expect(t.calls).toEqual([]);
  });
});
