import { describe, expect, it } from 'vitest';
import { alertGroups } from '../../src/domain/correlation.js';
import { routingTreeFrom } from '../../src/domain/routing.js';
import { ackGroups, ackIncidents } from '../../src/state/ackEffect.js';
import { undoSilence } from '../../src/state/effects.js';
import type { FleetMember } from '../../src/state/fleet.js';
import type { AlertSource, IncidentSource } from '../../src/state/ports.js';
import { initialState, reducer } from '../../src/state/reducer.js';
import { createStore } from '../../src/state/store.js';
import { alert, incident, T0 } from './fixtures.js';

const ALL = { alertmanager: true, pagerduty: true, prometheus: false };
const tree = routingTreeFrom({ route: { receiver: 'pd', group_by: ['alertname'] }, receivers: [{ name: 'pd', pagerduty_configs: [{ routing_key: 'x' }] }] });
const disk = alert('fp1', { alertname: 'DiskFull', service: 'db', severity: 'critical' });

function clients(name: string, calls: string[]): { am: AlertSource; pd: IncidentSource } {
  return {
    am: {
      alerts: async () => [],
      silences: async () => [],
      createSilence: async (d) => (calls.push(`${name} silence ${d.matchers.map((m) => `${m.name}=${m.value}`).join(',')}`), `sil-${name}`),
      updateSilence: async (d) => d.id!,
      expireSilence: async () => {},
    },
    pd: {
      incidents: async () => [],
      oncalls: async () => [],
      acknowledge: async (ids) => (calls.push(`${name} ack ${ids.join(',')}`), ids.map((id) => incident(id, { status: 'acknowledged' }))),
      resolve: async () => [],
      addNote: async () => ({}),
      incident: async (id) => incident(id),
      notes: async () => [],
    },
  };
}

describe('the combined ack (a)', () => {
  it('over contexts "prod" and "prod/eu", an incident of a prod/eu alert group acked in prod puts no silence in prod’s Alertmanager', async () => {
    const members: FleetMember[] = [
      { name: 'prod', readOnly: false, enabled: ALL },
      { name: 'prod/eu', readOnly: false, enabled: ALL, pagerdutyVia: 'prod' },
    ];
    let s = initialState({ context: { name: 'prod', isProd: true, readOnly: false, author: 'ada' }, enabled: ALL, now: T0, fleet: members });
    for (const ctx of ['prod', 'prod/eu']) s = reducer(s, { type: 'routesLoaded', context: ctx, routes: tree });
    s = reducer(s, { type: 'alertsLoaded', context: 'prod/eu', alerts: [disk], silences: [] });
    s = reducer(s, { type: 'incidentsLoaded', context: 'prod', incidents: [incident('P7', { incidentKey: alertGroups(tree, [disk])[0]!.dedupKey })], oncalls: [] });
    const store = createStore(s);
    const calls: string[] = [];
    const { am, pd } = clients('prod', calls);
    await ackIncidents({ store, alertmanager: am, pagerduty: pd, context: { name: 'prod', author: 'ada', pdFrom: 'ada@example.com' }, now: () => new Date(T0) }, ['P7']);
    expect(calls).toEqual(['prod ack P7']);
  });

  it('keeps the ack silence within max_silence, as the silence form and `oncall ack` do', async () => {
    let s = initialState({ context: { name: 'lab', isProd: false, readOnly: false, author: 'ada' }, enabled: ALL, now: T0 });
    s = reducer(s, { type: 'routesLoaded', routes: tree });
    s = reducer(s, { type: 'alertsLoaded', alerts: [disk], silences: [] });
    const store = createStore(s);
    const calls: string[] = [];
    const { am } = clients('lab', calls);
    const ok = await ackGroups({ store, alertmanager: am, context: { name: 'lab', author: 'ada', maxSilenceMs: 30 * 60_000 }, now: () => new Date(T0), ackSilenceMs: 3_600_000 }, [disk.fingerprint]);
    expect(ok).toBe(false);
    expect(calls).toEqual([]);
    expect(store.getState().status?.text).toMatch(/max_silence/);
  });
});

describe('u after the combined ack', () => {
  it('undoes the ack’s silence, not an older one made before it', async () => {
    let s = initialState({ context: { name: 'lab', isProd: false, readOnly: false, author: 'ada' }, enabled: ALL, now: T0 });
    s = reducer(s, { type: 'routesLoaded', routes: tree });
    s = reducer(s, { type: 'alertsLoaded', alerts: [disk], silences: [] });
    // A maintenance silence made earlier with the form.
    s = reducer(s, { type: 'silenceCreated', last: { id: 'maintenance', matchers: [{ name: 'service', value: 'orders', isRegex: false, isEqual: true }] } });
    const store = createStore(s);
    const calls: string[] = [];
    const { am } = clients('lab', calls);
    const deps = { store, alertmanager: { ...am, expireSilence: async (id: string) => void calls.push(`expire ${id}`) }, context: { name: 'lab', author: 'ada' }, now: () => new Date(T0), ackSilenceMs: 3_600_000 };
    await ackGroups(deps, [disk.fingerprint]);
    await undoSilence(deps);
    expect(calls).toEqual(['lab silence alertname=DiskFull', 'expire sil-lab']);
  });
});
