import { describe, expect, it } from 'vitest';
import { OncallError } from '../../src/domain/errors.js';
import type { Alert, Incident } from '../../src/domain/types.js';
import { tagAlert, type FleetMember } from '../../src/state/fleet.js';
import { startFleetPollers } from '../../src/state/fleetPollers.js';
import type { AlertSource, IncidentSource } from '../../src/state/ports.js';
import { initialState, reducer } from '../../src/state/reducer.js';
import { alertGroups } from '../../src/domain/correlation.js';
import { routingTreeFrom } from '../../src/domain/routing.js';
import { joinOf } from '../../src/state/join.js';
import { alertRows, filteredAlerts, incidentRows, incidentRowsOf, selectedIncident, silenceRows, sloRows } from '../../src/state/selectors.js';
import { responseLines } from '../../src/state/response.js';
import { createStore } from '../../src/state/store.js';
import type { DashboardState } from '../../src/state/types.js';
import { FakeTimers } from './fakeTimers.js';
import { alert, incident, silence, slo, T0 } from './fixtures.js';

const ALL = { alertmanager: true, pagerduty: true, prometheus: true };
const members: FleetMember[] = [
  { name: 'prod-eu', readOnly: false, enabled: ALL },
  { name: 'prod-us', readOnly: true, readOnlyReason: 'read_only in prod-us', enabled: ALL, pagerdutyVia: 'prod-eu' },
];

function fleetState(list = members): DashboardState {
  return initialState({ context: { name: 'prod-eu', isProd: true, readOnly: false, author: 'ada' }, enabled: ALL, now: T0, fleet: list });
}

// The same rule firing in both clusters: Alertmanager gives it the same fingerprint in each.
const cpu = (instance = 'a') => alert('fp1', { alertname: 'HighCPU', service: 'search', severity: 'critical', instance });

describe('a dashboard over several contexts: one store', () => {
  it('merges each context’s alerts into one list, the same alert in two clusters as two rows in two groups', () => {
    let s = fleetState();
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-us', alerts: [cpu()], silences: [silence('s-us', [])] });
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: [cpu()], silences: [silence('s-eu', [])] });
    // Listed order, whatever order the polls answered in.
    expect(s.alerts.map((a) => [a.context, a.fingerprint])).toEqual([['prod-eu', 'prod-eu/fp1'], ['prod-us', 'prod-us/fp1']]);
    const groups = alertRows(s.alerts, '').toArray().filter((r) => r.kind === 'group');
    expect(groups.map((g) => g.kind === 'group' && [g.context, g.alerts.length])).toEqual([['prod-eu', 1], ['prod-us', 1]]);
    expect(silenceRows(s.silences, s.alerts, '').map((r) => r.silence.context)).toEqual(['prod-eu', 'prod-us']);
  });

  it('counts the alerts a silence matches in its own context only: eu’s alert is no match for us’s silence', () => {
    const disk = [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }];
    let s = fleetState();
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: [alert('fp2', { alertname: 'DiskFull' })], silences: [silence('s-eu', disk)] });
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-us', alerts: [], silences: [silence('s-us', disk)] });
    expect(silenceRows(s.silences, s.alerts, '').map((r) => `${r.silence.context} ${r.matching}`)).toEqual(['prod-eu 1', 'prod-us 0']);
  });

  it('keeps every field of an answer’s alert, with the context added and the fingerprint prefixed', () => {
    const answer = alert('fp9', { alertname: 'Disk', instance: 'db-1' }, { endsAt: new Date(T0), generatorURL: 'http://prom/graph' });
    const s = reducer(fleetState(), { type: 'alertsLoaded', context: 'prod-us', alerts: [answer], silences: [] });
    // Every field the answer gave (the ones it left out stay undefined), with the context and the prefixed fingerprint.
    expect(s.alerts[0]).toStrictEqual({ updatedAt: undefined, ...answer, context: 'prod-us', fingerprint: 'prod-us/fp9' });
    const i = reducer(fleetState(), { type: 'incidentsLoaded', context: 'prod-eu', incidents: [incident('P1')], oncalls: [] }).incidents[0]!;
    // prod-us shares prod-eu's account: the incident is prod-us's too.
    expect(Object.entries(i)).toEqual(Object.entries({ ...incident('P1'), context: 'prod-eu', accountContexts: ['prod-eu', 'prod-us'] }));
  });

  it('a poll from one context replaces that context’s rows only', () => {
    let s = fleetState();
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: [cpu('a'), cpu('b')], silences: [] });
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-us', alerts: [cpu('c')], silences: [] });
    const rows = (st: DashboardState) => alertRows(st.alerts, '').toArray().map((r) => (r.kind === 'group' ? `[${r.context}]` : r.alert.labels.instance));
    expect(rows(s)).toEqual(['[prod-eu]', 'a', 'b', '[prod-us]', 'c']);
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: [], silences: [] });
    expect(s.alerts.map((a) => a.labels.instance)).toEqual(['c']);
    expect(rows(s)).toEqual(['[prod-us]', 'c']);
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: [cpu('d')], silences: [] });
    expect(rows(s)).toEqual(['[prod-eu]', 'd', '[prod-us]', 'c']);
    s = reducer(s, { type: 'slosLoaded', context: 'prod-us', slos: [slo('api')] });
    s = reducer(s, { type: 'slosLoaded', context: 'prod-eu', slos: [slo('api')] });
    expect(sloRows(s.slos, '').map((r) => r.id)).toEqual(['prod-eu/api', 'prod-us/api']);
  });

  // Alertmanager's fingerprints are one per label set: each CPU alert here its own.
  const cpuOn = (instance: string) => ({ ...cpu(instance), fingerprint: `fp-${instance}` });

  it('an alert a context’s poller kept from its last answer keeps its row’s object, so that context is not grouped again', () => {
    // As a context's poller sends them: tagged, and the ones it held handed on (src/state/pollers.ts).
    const held = [cpuOn('a'), cpuOn('b')].map(tagAlert('prod-eu'));
    let s = fleetState();
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: held, silences: [] });
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-us', alerts: [cpu('c')], silences: [] });
    const before = s.alerts;
    const groups = (st: DashboardState) => alertRows(st.alerts, '').toArray().filter((r) => r.kind === 'group');
    const euGroup = groups(s)[0];
    // prod-us changed, prod-eu's poller handed on the alerts it held (src/state/keepUnchanged.ts).
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-us', alerts: [cpu('d')], silences: [] });
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: held, silences: [] });
    expect(s.alerts.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(s.alerts[0]).toBe(before[0]);
    expect(s.alerts[1]).toBe(before[1]);
    expect(groups(s)[0]).toBe(euGroup);
  });

  it('a poll of one context that changed one alert makes that alert’s group again and keeps the others’ rows', () => {
    const disk = alert('fp2', { alertname: 'DiskFull', service: 'db', severity: 'warning', instance: 'x' });
    const held = [cpuOn('a'), cpuOn('b'), disk].map(tagAlert('prod-eu'));
    let s = fleetState();
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: held, silences: [] });
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-us', alerts: [cpu('c')], silences: [] });
    const rowsOf = (st: DashboardState) => new Map(alertRows(st.alerts, '').toArray().map((r) => [r.kind === 'group' ? `${r.context}/${r.alertname}` : `${r.alert.fingerprint}@${r.alert.labels.instance}`, r]));
    const before = rowsOf(s);
    // prod-eu's disk alert was silenced; its CPU alerts are the ones its poller held.
    const silenced = tagAlert('prod-eu')({ ...disk, state: 'suppressed' as const, silencedBy: ['s1'] });
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: [held[0]!, held[1]!, silenced], silences: [] });
    const after = rowsOf(s);
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect(after.get('prod-eu/HighCPU')).toBe(before.get('prod-eu/HighCPU'));
    expect(after.get('prod-eu/fp-a@a')).toBe(before.get('prod-eu/fp-a@a'));
    expect(after.get('prod-us/HighCPU')).toBe(before.get('prod-us/HighCPU'));
    expect(after.get('prod-eu/DiskFull')).not.toBe(before.get('prod-eu/DiskFull'));
    expect(after.get('prod-eu/fp2@x')).toMatchObject({ alert: { state: 'suppressed' } });
  });

  it('a poll of one context joins its alerts to its incidents again, the other contexts keep their links', () => {
    const tree = routingTreeFrom({ route: { receiver: 'pd', group_by: ['alertname'] }, receivers: [{ name: 'pd', pagerduty_configs: [{ routing_key: 'x' }] }] });
    const own = members.map((m) => ({ ...m, readOnly: false, pagerdutyVia: undefined }));
    const key = (a: Alert) => alertGroups(tree, [a])[0]!.dedupKey;
    const disk = alert('fp2', { alertname: 'DiskFull', service: 'db', severity: 'warning' });
    let s = fleetState(own);
    for (const ctx of ['prod-eu', 'prod-us']) {
      s = reducer(s, { type: 'routesLoaded', context: ctx, routes: tree });
      s = reducer(s, { type: 'alertsLoaded', context: ctx, alerts: [cpu()], silences: [] });
    }
    s = reducer(s, { type: 'incidentsLoaded', context: 'prod-eu', incidents: [incident('P1', { incidentKey: key(cpu()) })], oncalls: [] });
    s = reducer(s, { type: 'incidentsLoaded', context: 'prod-us', incidents: [incident('P2', { incidentKey: key(disk) })], oncalls: [] });
    const links = (st: DashboardState) => st.alerts.map((a) => [a.fingerprint, joinOf(st)!.byAlert.get(a.fingerprint) ?? []] as const).filter(([, l]) => l.length > 0).map(([fp, l]) => `${fp}→${l.map((x) => x.id).join(',')}`);
    expect(links(s)).toEqual(['prod-eu/fp1→P1']);
    // prod-us's disk fills: its alert now joins its incident; prod-eu's link stays.
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-us', alerts: [cpu(), disk], silences: [] });
    expect(links(s)).toEqual(['prod-eu/fp1→P1', 'prod-us/fp2→P2']);
    // prod-eu's incident goes: only prod-eu's link goes with it.
    s = reducer(s, { type: 'incidentsLoaded', context: 'prod-eu', incidents: [], oncalls: [] });
    expect(links(s)).toEqual(['prod-us/fp2→P2']);
  });

  it('routes reaching the dashboard reorder the incidents, and the cursor stays on the incident it was on', () => {
    const tree = routingTreeFrom({ route: { receiver: 'pd', group_by: ['alertname'] }, receivers: [{ name: 'pd', pagerduty_configs: [{ routing_key: 'x' }] }] });
    const high = alert('fp1', { alertname: 'HighCPU', severity: 'critical' });
    // P1 comes from a critical group, but that is known only once the routes are read.
    const p1 = incident('P1', { urgency: 'low', incidentKey: alertGroups(tree, [high])[0]!.dedupKey, createdAt: new Date(T0 - 20 * 60_000) });
    const p2 = incident('P2', { urgency: 'high', createdAt: new Date(T0 - 5 * 60_000) });
    let s = fleetState(members.map((m) => ({ ...m, pagerdutyVia: undefined })));
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: [high], silences: [] });
    s = reducer(s, { type: 'incidentsLoaded', context: 'prod-eu', incidents: [p1, p2], oncalls: [] });
    s = reducer(s, { type: 'focus', pane: 'incidents' });
    const order = (st: DashboardState) => incidentRowsOf(st).map((i) => i.id).join(',');
    const before = order(s);
    expect(selectedIncident(s)?.id).toBe(before.split(',')[0]);
    s = reducer(s, { type: 'routesLoaded', context: 'prod-eu', routes: tree });
    expect(order(s)).not.toBe(before);
    expect(selectedIncident(s)?.id).toBe(before.split(',')[0]);
  });

  it('keeps each context’s health; the pane’s source health is the worst, naming its context', () => {
    let s = fleetState();
    s = reducer(s, { type: 'pollOk', context: 'prod-eu', source: 'alertmanager', at: T0, latencyMs: 5, slow: false });
    s = reducer(s, { type: 'pollFailed', context: 'prod-us', source: 'alertmanager', at: T0, latencyMs: 5, message: 'connection refused', kind: 'network' });
    expect(s.fleet!.map((c) => c.sources.alertmanager.status)).toEqual(['ok', 'failing']);
    expect(s.sources.alertmanager).toMatchObject({ status: 'failing', lastError: 'prod-us: connection refused' });
    // prod-us shares prod-eu's PagerDuty account: it has no poller of its own.
    expect(s.fleet![1]!.sources.pagerduty.status).toBe('off');
    expect(s.context).toMatchObject({ name: 'prod-eu,prod-us', isProd: true, readOnly: false });
  });

  it('filters by @context (=, !=, =~), alone or with the usual filter', () => {
    let s = fleetState();
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: [cpu('a')], silences: [] });
    s = reducer(s, { type: 'alertsLoaded', context: 'prod-us', alerts: [cpu('b'), alert('fp2', { alertname: 'Disk' })], silences: [] });
    const where = (f: string) => filteredAlerts(s.alerts, f).map((a) => `${a.context}:${a.labels.alertname}`);
    expect(where('@context=prod-eu')).toEqual(['prod-eu:HighCPU']);
    expect(where('@context!=prod-eu')).toEqual(['prod-us:HighCPU', 'prod-us:Disk']);
    expect(where('@context=~prod-.* Disk')).toEqual(['prod-us:Disk']);
    expect(where('!Disk @context=prod-us')).toEqual(['prod-us:HighCPU']);
    s = reducer(s, { type: 'incidentsLoaded', context: 'prod-eu', incidents: [incident('P1')], oncalls: [] });
    // prod-us's incidents come through prod-eu's poller (one PagerDuty account): they are found under either name.
    expect(incidentRows(s.incidents, '@context=prod-us').map((i) => i.id)).toEqual(['P1']);
    expect(incidentRows(s.incidents, '@context=prod-eu').map((i) => i.id)).toEqual(['P1']);
    expect(incidentRows(s.incidents, '@context=staging')).toEqual([]);
    // With an account of its own, prod-eu's incident is not prod-us's.
    const apart = reducer(fleetState(members.map((m) => ({ ...m, pagerdutyVia: undefined }))), { type: 'incidentsLoaded', context: 'prod-eu', incidents: [incident('P1')], oncalls: [] });
    expect(incidentRows(apart.incidents, '@context=prod-us')).toEqual([]);
    expect(reducer({ ...s, mode: 'filter' }, { type: 'input', text: '@context=~(' }).filterError).toBeTruthy();
  });

  it('an incident changed by a write keeps the context it was listed under', () => {
    let s = fleetState();
    s = reducer(s, { type: 'incidentsLoaded', context: 'prod-eu', incidents: [incident('P1')], oncalls: [] });
    s = reducer(s, { type: 'incidentsChanged', incidents: [incident('P1', { status: 'acknowledged' })] });
    expect(s.incidents[0]).toMatchObject({ status: 'acknowledged', context: 'prod-eu' });
  });
});

function am(alerts: () => Alert[]): AlertSource {
  return { alerts: async () => alerts(), silences: async () => [], createSilence: async () => 'id', updateSilence: async () => 'id', expireSilence: async () => {} };
}

function pd(calls: { n: number }, incidents: Incident[]): IncidentSource {
  return {
    incidents: async () => (calls.n++, incidents),
    oncalls: async () => [],
    acknowledge: async () => [],
    resolve: async () => [],
    addNote: async () => ({}),
    incident: async (id) => incident(id),
    notes: async () => [],
  };
}

describe('escalation policies over several contexts', () => {
  const policy = (id: string, who: string) => ({ id, name: id, rules: [{ delayMinutes: 15, targets: [{ type: 'user' as const, id: `U-${who}`, name: who }] }, { delayMinutes: 30, targets: [{ type: 'user' as const, id: `U2-${who}`, name: `${who} Backup` }] }] });
  const unassigned = { assignees: [], createdAt: new Date(T0 - 5 * 60_000) };

  it('an incident of each context says when it escalates next and to whom, from its own context’s policies', () => {
    const two: FleetMember[] = [{ name: 'prod-eu', readOnly: false, enabled: ALL }, { name: 'prod-us', readOnly: false, enabled: ALL }];
    let s = fleetState(two);
    s = reducer(s, { type: 'incidentsLoaded', context: 'prod-eu', incidents: [incident('P1', { ...unassigned, escalationPolicy: { id: 'PEU', name: 'eu' } })], oncalls: [], escalation: { policies: { PEU: policy('PEU', 'Eve') }, errors: {} } });
    s = reducer(s, { type: 'incidentsLoaded', context: 'prod-us', incidents: [incident('P2', { ...unassigned, escalationPolicy: { id: 'PUS', name: 'us' } })], oncalls: [], escalation: { policies: {}, errors: { PUS: 'PagerDuty denied access' } } });
    // A later poll of prod-us does not take prod-eu's policies away.
    s = reducer(s, { type: 'incidentsLoaded', context: 'prod-us', incidents: [incident('P2', { ...unassigned, escalationPolicy: { id: 'PUS', name: 'us' } })], oncalls: [], escalation: { policies: {}, errors: { PUS: 'PagerDuty denied access' } } });
    const lines = (id: string) => responseLines(s, s.incidents.find((i) => i.id === id)!).map((l) => l.text).join('\n');
    expect(lines('P1')).toMatch(/next escalation: .*Eve Backup/);
    expect(lines('P2')).toContain('next escalation: unknown, the escalation policy could not be read: PagerDuty denied access');
  });
});

describe('startFleetPollers', () => {
  it('polls every context concurrently; a shared PagerDuty account is polled once and its incidents listed once', async () => {
    const t = new FakeTimers();
    const store = createStore(fleetState());
    const calls = { n: 0 };
    let usUp = true;
    const common = { poll: { alertmanagerMs: 15_000, pagerdutyMs: 30_000, prometheusMs: 30_000 }, timers: t, clock: t.clock, random: () => 1 };
    const control = startFleetPollers(store, [
      { context: 'prod-eu', alertmanager: am(() => [cpu('eu')]), pagerduty: pd(calls, [incident('P7')]), ...common },
      {
        context: 'prod-us',
        alertmanager: am(() => {
          if (!usUp) throw new OncallError('network', 'connection refused', { source: 'alertmanager' });
          return [cpu('us')];
        }),
        ...common,
      },
    ]);
    await t.advance(0);
    let s = store.getState();
    expect(s.alerts.map((a) => `${a.context}:${a.labels.instance}`)).toEqual(['prod-eu:eu', 'prod-us:us']);
    expect(s.incidents.map((i) => `${i.context}:${i.id}`)).toEqual(['prod-eu:P7']);
    expect(calls.n).toBe(1);
    usUp = false;
    await t.advance(15_000);
    s = store.getState();
    // One context failing keeps its last rows and does not stop the other.
    expect(s.fleet!.map((c) => c.sources.alertmanager.status)).toEqual(['ok', 'failing']);
    expect(s.alerts).toHaveLength(2);
    control.stop();
    expect(t.pending()).toBe(0);
  });
});
