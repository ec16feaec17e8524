import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/actions/audit.js';
import type { SilenceClient } from '../../src/actions/ports.js';
import { ackComment } from '../../src/domain/ack.js';
import type { Silence } from '../../src/domain/types.js';
import { watchAckSilences } from '../../src/state/ackExpiry.js';
import { createStore } from '../../src/state/store.js';
import { incident, silence, state, T0 } from './fixtures.js';

let dir: string;
let audit: AuditLog;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-ackexp-'));
  audit = new AuditLog(join(dir, 'audit.jsonl'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const M = [{ name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true }];

function setup(silences: Silence[]) {
  const expired: string[] = [];
  const am: SilenceClient = {
    silences: async () => silences,
    createSilence: async () => 'x',
    updateSilence: async () => 'x',
    expireSilence: async (id) => {
      expired.push(id);
      const s = silences.find((x) => x.id === id);
      if (s) s.state = 'expired';
    },
  };
  const store = createStore(state({ silences }));
  const stop = watchAckSilences(store, am, () => ({ audit, context: { name: 'staging', author: 'ada' }, now: () => new Date(T0) }));
  const poll = (source: 'alertmanager' | 'pagerduty', at: number) => store.dispatch({ type: 'pollOk', source, at, latencyMs: 5, slow: false });
  return { store, expired, stop, poll };
}

describe('ack silences end with their incident', () => {
  it('expires the ack silence of a resolved incident once, audited as automatic', async () => {
    const ack = silence('ack-1', M, { comment: ackComment([{ number: 7, id: 'PINC007' }], 'ada@example.com') });
    const other = silence('plain-1', M, { comment: 'maintenance' });
    const stillOpen = silence('ack-2', M, { comment: ackComment([{ number: 9, id: 'PINC009' }], 'ada@example.com') });
    const { store, expired, stop, poll } = setup([ack, other, stillOpen]);
    store.dispatch({ type: 'incidentsLoaded', incidents: [incident('PINC009')], oncalls: [] });
    poll('alertmanager', T0);
    poll('pagerduty', T0 + 1);
    await expect.poll(() => expired).toEqual(['ack-1']);
    await expect.poll(() => store.getState().status?.text).toMatch(/#7 resolved: its ack silence ack-1 expired/);
    poll('pagerduty', T0 + 2);
    expect(expired).toEqual(['ack-1']);
    const lines = (await readFile(audit.path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.action, l.outcome, l.automatic])).toEqual([['silence.ack-expire', 'started', true], ['silence.ack-expire', 'ok', true]]);
    stop();
  });

  it('does nothing before PagerDuty has answered', () => {
    const ack = silence('ack-1', M, { comment: ackComment([{ number: 7, id: 'PINC007' }], 'ada') });
    const { expired, stop, poll } = setup([ack]);
    poll('alertmanager', T0);
    expect(expired).toEqual([]);
    stop();
  });
});

describe('ack silences over several contexts', () => {
  it('each context’s watcher expires its own ack silences, once its Alertmanager and its account have answered', async () => {
    const ALL = { alertmanager: true, pagerduty: true, prometheus: false };
    const { initialState, reducer } = await import('../../src/state/reducer.js');
    let s = initialState({
      context: { name: 'eu', isProd: false, readOnly: false, author: 'ada' },
      enabled: ALL,
      now: T0,
      fleet: [{ name: 'eu', readOnly: false, enabled: ALL }, { name: 'us', readOnly: false, enabled: ALL, pagerdutyVia: 'eu' }],
    });
    const ack = (id: string) => silence(id, M, { comment: ackComment([{ number: 7, id: 'PINC007' }], 'ada') });
    s = reducer(s, { type: 'alertsLoaded', context: 'eu', alerts: [], silences: [ack('ack-eu')] });
    s = reducer(s, { type: 'alertsLoaded', context: 'us', alerts: [], silences: [ack('ack-us')] });
    const store = createStore(s);
    const expired: string[] = [];
    const client = (name: string): SilenceClient => ({ silences: async () => [], createSilence: async () => 'x', updateSilence: async () => 'x', expireSilence: async (id) => void expired.push(`${name} ${id}`) });
    const deps = (name: string) => () => ({ audit, context: { name, author: 'ada' }, now: () => new Date(T0) });
    const stops = ['eu', 'us'].map((name) => watchAckSilences(store, client(name), deps(name), name));
    const poll = (context: string, source: 'alertmanager' | 'pagerduty', at: number) => store.dispatch({ type: 'pollOk', context, source, at, latencyMs: 5, slow: false });
    poll('us', 'alertmanager', T0);
    poll('eu', 'pagerduty', T0 + 1);
    await expect.poll(() => expired).toEqual(['us ack-us']);
    poll('eu', 'alertmanager', T0 + 2);
    poll('eu', 'pagerduty', T0 + 3);
    await expect.poll(() => expired.sort()).toEqual(['eu ack-eu', 'us ack-us']);
    stops.forEach((stop) => stop());
  });
});
