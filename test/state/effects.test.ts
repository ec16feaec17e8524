import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OncallError } from '../../src/domain/errors.js';
import type { Incident, Silence, SilenceDraft } from '../../src/domain/types.js';
import { AuditLog } from '../../src/actions/audit.js';
import { acknowledge, addNote, expireSilences, extendSilences, submitSilence, undoSilence, type EffectDeps } from '../../src/state/effects.js';
import type { AlertSource, IncidentSource } from '../../src/state/ports.js';
import { newSilenceForm } from '../../src/state/silenceForm.js';
import { createStore } from '../../src/state/store.js';
import { alert, incident, silence, state, T0 } from './fixtures.js';
import { deferred } from './fakeTimers.js';

let dir: string;
let audit: AuditLog;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-effects-'));
  audit = new AuditLog(join(dir, 'audit.jsonl'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function auditLines(): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(audit.path, 'utf8').catch(() => '');
  return text.trim() === '' ? [] : text.trim().split('\n').map((l) => JSON.parse(l));
}

function fakeAm(over: Partial<AlertSource> = {}) {
  const created: SilenceDraft[] = [];
  const stored: Silence[] = [];
  const am: AlertSource = {
    alerts: async () => [],
    silences: async () => stored,
    createSilence: async (d) => {
      created.push(d);
      const id = `sil-${created.length}`;
      stored.push({ ...d, id, state: 'active' });
      return id;
    },
    updateSilence: async (d) => `${d.id}-new`,
    expireSilence: async () => {},
    ...over,
  };
  return { am, created, stored };
}

function fakePd(over: Partial<IncidentSource> = {}): IncidentSource {
  return {
    incidents: async () => [],
    oncalls: async () => [],
    acknowledge: async (ids) => ids.map((id) => incident(id, { status: 'acknowledged' })),
    resolve: async (ids) => ids.map((id) => incident(id, { status: 'resolved' })),
    addNote: async () => ({}),
    incident: async (id) => incident(id),
    notes: async () => [],
    ...over,
  };
}

function deps(store: ReturnType<typeof createStore>, over: Partial<EffectDeps> = {}): EffectDeps {
  return { store, audit, context: { name: 'staging', author: 'ada@example.com', pdFrom: 'ada@example.com' }, now: () => new Date(T0), ...over };
}

const firing = [alert('a1', { alertname: 'HighLatency', service: 'api', instance: 'a' }), alert('a2', { alertname: 'HighLatency', service: 'api', instance: 'b' })];

describe('incident actions', () => {
  it('acknowledge changes the incident after the server answers and writes two audit lines', async () => {
    const store = createStore(state({ incidents: [incident('P1'), incident('P2')] }));
    expect(await acknowledge(deps(store, { pagerduty: fakePd() }), ['P1'])).toBe(true);
    expect(store.getState().incidents.find((i) => i.id === 'P1')?.status).toBe('acknowledged');
    expect(store.getState().status).toMatchObject({ tone: 'ok', text: 'acknowledged #1' });
    const lines = await auditLines();
    expect(lines.map((l) => `${l.action}:${l.outcome}:${l.user}`)).toEqual(['incident.ack:started:ada@example.com', 'incident.ack:ok:ada@example.com']);
    expect(lines[1]?.ids).toEqual(['P1']);
  });

  it('a refused acknowledge changes nothing on screen, says why and is audited as failed', async () => {
    const before: Incident[] = [incident('P1')];
    const store = createStore(state({ incidents: before }));
    const pd = fakePd({ acknowledge: async () => { throw new OncallError('forbidden', 'the API key is read-only', { source: 'pagerduty', status: 403 }); } });
    expect(await acknowledge(deps(store, { pagerduty: pd }), ['P1'])).toBe(false);
    expect(store.getState().incidents).toBe(before);
    expect(store.getState().status).toMatchObject({ tone: 'error' });
    expect(store.getState().status?.text).toContain('read-only');
    expect((await auditLines()).map((l) => l.outcome)).toEqual(['started', 'failed']);
  });

  it('a note on marked incidents that fails half-way says which got it and leaves only the rest marked', async () => {
    const base = state({ incidents: [incident('P1'), incident('P2'), incident('P3')] });
    const store = createStore({ ...base, focus: 'incidents', marks: { ...base.marks, incidents: ['P1', 'P2', 'P3'] } });
    const noted: string[] = [];
    const pd = fakePd({
      addNote: async (id) => {
        if (id === 'P2') throw new OncallError('server', 'HTTP 500', { source: 'pagerduty' });
        noted.push(id);
        return {};
      },
    });
    expect(await addNote(deps(store, { pagerduty: pd }), ['P1', 'P2', 'P3'], 'rolled back')).toBe(false);
    expect(noted).toEqual(['P1']);
    expect(store.getState().status?.text).toMatch(/note added to P1; failed on P2/);
    expect(store.getState().marks.incidents).toEqual(['P2', 'P3']);
  });

  it('does nothing in read-only mode', async () => {
    const base = state({ incidents: [incident('P1')] });
    const store = createStore({ ...base, context: { ...base.context, readOnly: true, readOnlyReason: 'context prod is read-only' } });
    let called = false;
    await acknowledge(deps(store, { pagerduty: fakePd({ acknowledge: async () => { called = true; return []; } }) }), ['P1']);
    expect(called).toBe(false);
    expect(store.getState().status?.text).toContain('context prod is read-only');
    expect(await auditLines()).toEqual([]);
  });
});

describe('silences', () => {
  function withForm(comment = 'deploying') {
    const store = createStore(state({ alerts: firing }));
    store.dispatch({ type: 'silenceFormOpen', form: { ...newSilenceForm(firing), comment } });
    return store;
  }

  it('creates the silence with the prefilled matchers, author and duration, and offers undo', async () => {
    const store = withForm();
    const { am, created } = fakeAm();
    expect(await submitSilence(deps(store, { alertmanager: am }))).toBe(true);
    expect(created).toHaveLength(1);
    expect(created[0]!.matchers.map((m) => `${m.name}=${m.value}`)).toEqual(['alertname=HighLatency', 'service=api']);
    expect(created[0]!.createdBy).toBe('ada@example.com');
    expect(created[0]!.endsAt.getTime() - created[0]!.startsAt.getTime()).toBe(3_600_000);
    expect(store.getState().mode).toBe('normal');
    expect(store.getState().status?.text).toContain('silence sil-1 created — u to undo');
    expect(store.getState().lastSilence?.id).toBe('sil-1');
  });

  it('asks before creating a silence that matches no firing alert, and creates it on the second enter', async () => {
    const store = createStore(state({ alerts: firing }));
    store.dispatch({ type: 'silenceFormOpen', form: { ...newSilenceForm(firing), matchersText: 'alertname=Maintenance', comment: 'planned' } });
    const { am, created } = fakeAm();
    const d = deps(store, { alertmanager: am });
    expect(await submitSilence(d)).toBe(false);
    expect(created).toHaveLength(0);
    expect(store.getState().silenceForm?.error).toContain('matches 0 of 2 firing alerts');
    expect(await submitSilence(d)).toBe(true);
    expect(created).toHaveLength(1);
  });

  it('refuses a silence longer than max_silence, naming it', async () => {
    const store = withForm();
    store.dispatch({ type: 'silenceFormEdit', patch: { preset: 'custom', customDuration: '45d' } });
    const { am, created } = fakeAm();
    expect(await submitSilence(deps(store, { alertmanager: am }))).toBe(false);
    expect(store.getState().silenceForm?.error).toContain('longer than max_silence (30d)');
    expect(created).toHaveLength(0);
  });

  it('refuses an empty comment without calling the server', async () => {
    const store = withForm('');
    const { am, created } = fakeAm();
    expect(await submitSilence(deps(store, { alertmanager: am }))).toBe(false);
    expect(created).toHaveLength(0);
    expect(store.getState().silenceForm?.error).toContain('comment is required');
  });

  it('is single-flight: pressing submit again while the create runs sends nothing more', async () => {
    const store = withForm();
    const answer = deferred<string>();
    let calls = 0;
    const { am } = fakeAm({ createSilence: () => { calls++; return answer.promise; } });
    const d = deps(store, { alertmanager: am });
    const first = submitSilence(d);
    expect(await submitSilence(d)).toBe(false);
    answer.resolve('sil-x');
    expect(await first).toBe(true);
    expect(calls).toBe(1);
  });

  it('a create whose answer was lost is found on the server, not created twice', async () => {
    const store = withForm();
    const fake = fakeAm();
    const realCreate = fake.am.createSilence;
    fake.am.createSilence = async (draft) => {
      await realCreate(draft); // the server stored it…
      throw new OncallError('timeout', 'no answer in time', { source: 'alertmanager' }); // …but we never heard back
    };
    expect(await submitSilence(deps(store, { alertmanager: fake.am }))).toBe(true);
    expect(fake.created).toHaveLength(1);
    expect(store.getState().lastSilence?.id).toBe('sil-1');
    expect(store.getState().mode).toBe('normal');
  });

  it('a create whose answer is lost and cannot be read back says the outcome is unknown and how to check, once audited', async () => {
    const store = withForm();
    const fake = fakeAm();
    let reads = 0;
    fake.am.silences = async () => {
      if (reads++ > 0) throw new OncallError('network', 'request to http://am/ failed (ECONNRESET)', { source: 'alertmanager' });
      return [];
    };
    fake.am.createSilence = async () => { throw new OncallError('timeout', 'no answer in time', { source: 'alertmanager' }); };
    expect(await submitSilence(deps(store, { alertmanager: fake.am }))).toBe(false);
    expect(store.getState().status).toMatchObject({ tone: 'error' });
    expect(store.getState().status?.text).toMatch(/silence\.create outcome unknown: .*check with `oncall silences/);
    expect(store.getState().silenceForm?.error).not.toContain('enter to retry');
    expect((await auditLines()).map((l) => l.outcome)).toEqual(['started', 'unknown']);
  });

  it('a create that really failed keeps the form open to retry, and the retry creates exactly one', async () => {
    const store = withForm();
    const fake = fakeAm();
    const realCreate = fake.am.createSilence;
    let fail = true;
    fake.am.createSilence = async (draft) => {
      if (fail) throw new OncallError('network', 'connection refused', { source: 'alertmanager' });
      return realCreate(draft);
    };
    const d = deps(store, { alertmanager: fake.am });
    expect(await submitSilence(d)).toBe(false);
    expect(store.getState().silenceForm).toMatchObject({ submitting: false, comment: 'deploying' });
    expect(store.getState().silenceForm?.error).toContain('enter to retry');
    fail = false;
    expect(await submitSilence(d)).toBe(true);
    expect(fake.created).toHaveLength(1);
    expect((await auditLines()).map((l) => l.outcome)).toEqual(['started', 'failed', 'started', 'ok']);
  });

  it('undo expires the silence just created', async () => {
    const store = withForm();
    const expired: string[] = [];
    const { am } = fakeAm({ expireSilence: async (id) => { expired.push(id); } });
    const d = deps(store, { alertmanager: am });
    await submitSilence(d);
    expect(await undoSilence(d)).toBe(true);
    expect(expired).toEqual(['sil-1']);
    expect(store.getState().lastSilence).toBeUndefined();
    expect(store.getState().silences.map((s) => s.id)).toEqual([]);
  });

  it('extend keeps the new id Alertmanager returns; a failed expire leaves the silence listed', async () => {
    const m = [{ name: 'alertname', value: 'X', isRegex: false, isEqual: true }];
    const store = createStore(state({ silences: [silence('s1', m)] }));
    const { am } = fakeAm({ silences: async () => [silence('s1', m)], expireSilence: async () => { throw new OncallError('server', 'boom', { status: 500 }); } });
    const d = deps(store, { alertmanager: am });
    await extendSilences(d, ['s1'], 3_600_000);
    expect(store.getState().silences.map((s) => s.id)).toEqual(['s1-new']);
    expect(await expireSilences(d, ['s1-new'])).toBe(false);
    expect(store.getState().silences.map((s) => s.id)).toEqual(['s1-new']);
  });
});
