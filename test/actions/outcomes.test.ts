import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, digestOf, type AuditEntry } from '../../src/actions/audit.js';
import { createSilence } from '../../src/actions/silenceCreate.js';
import { addIncidentNote } from '../../src/actions/incidentNote.js';
import { reconcileLeftovers } from '../../src/actions/reconcile.js';
import type { ActionDeps, IncidentClient, SilenceClient } from '../../src/actions/ports.js';
import { OncallError } from '../../src/domain/errors.js';
import type { IncidentNote, Silence, SilenceDraft } from '../../src/domain/types.js';
import { incident } from '../state/fixtures.js';
import { deferred } from '../state/fakeTimers.js';
import { rejection } from '../helpers/errors.js';

const T0 = Date.parse('2026-12-04T10:00:00Z');
let dir: string;
let audit: AuditLog;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-outcomes-'));
  audit = new AuditLog(join(dir, 'audit.jsonl'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const deps = (at = T0): ActionDeps => ({ audit, context: { name: 'prod', author: 'ada' }, now: () => new Date(at) });
const m = [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }];
const draft: SilenceDraft = { matchers: m, startsAt: new Date(T0), endsAt: new Date(T0 + 3_600_000), createdBy: 'ada', comment: 'disk swap' };

function am(over: Partial<SilenceClient> = {}): SilenceClient & { stored: Silence[] } {
  const stored: Silence[] = [];
  return {
    stored,
    silences: async () => stored,
    createSilence: async (d) => {
      stored.push({ ...d, id: `s${stored.length + 1}`, state: 'active' });
      return `s${stored.length}`;
    },
    updateSilence: async (d) => d.id,
    expireSilence: async () => {},
    ...over,
  };
}

const outcomesOf = (lines: AuditEntry[]) => lines.map((l) => l.outcome);

describe('the outcome a write is given', () => {
  it('unknown when the answer is lost and reading back fails: exit code 5, the command to check, one unknown line', async () => {
    const client = am({
      createSilence: async () => { throw new OncallError('timeout', 'no answer in time', { source: 'alertmanager' }); },
    });
    let reads = 0;
    client.silences = async () => {
      if (reads++ === 0) return [];
      throw new OncallError('network', 'request to http://am/ failed (ECONNRESET)', { source: 'alertmanager' });
    };
    const err = await rejection(createSilence(deps(), client, draft));
    expect(err.exitCode).toBe(5);
    expect(err.toLine()).toMatch(/outcome unknown.*check with `oncall silences 'alertname="?DiskFull"?'`/);
    expect(outcomesOf(await audit.entries())).toEqual(['started', 'unknown']);
  });

  it('failed without reading back when the connection was refused (nothing was sent)', async () => {
    let reads = 0;
    const client = am({ createSilence: async () => { throw new OncallError('network', 'connection refused at http://am/', { source: 'alertmanager' }); } });
    const list = client.silences;
    client.silences = async () => {
      reads++;
      return list();
    };
    await expect(createSilence(deps(), client, draft)).rejects.toMatchObject({ exitCode: 1 });
    expect(reads).toBe(1); // the reuse check before sending, no read-back after
    expect(outcomesOf(await audit.entries())).toEqual(['started', 'failed']);
  });

  it('a signal while the request is out writes one interrupted line, and no other outcome follows', async () => {
    const answer = deferred<string>();
    const client = am({ createSilence: () => answer.promise });
    // Stands for the dashboard's own handler, so that ours does not end the test process.
    const other = () => {};
    process.on('SIGTERM', other);
    try {
      const pending = createSilence(deps(), client, draft);
      await expect.poll(async () => outcomesOf(await audit.entries())).toEqual(['started']);
      process.emit('SIGTERM', 'SIGTERM');
      expect(outcomesOf(await audit.entries())).toEqual(['started', 'interrupted']);
      answer.resolve('s9');
      await pending;
      expect(outcomesOf(await audit.entries())).toEqual(['started', 'interrupted']);
      expect(process.listenerCount('SIGTERM')).toBe(1);
    } finally {
      process.off('SIGTERM', other);
    }
  });
});

describe('the next start', () => {
  const started = (patch: Partial<AuditEntry>): AuditEntry => ({
    time: new Date(T0).toISOString(), op: Math.random().toString(16).slice(2), context: 'prod', user: 'ada', action: 'silence.create', target: 'alertname="DiskFull"', outcome: 'started', ...patch,
  });

  it('settles writes left with only a started line by reading back, once', async () => {
    const client = am();
    client.stored.push({ ...draft, id: 's1', state: 'active' });
    const note = (content: string, at: number): IncidentNote => ({ id: 'N1', content, createdAt: new Date(at) });
    const pd: IncidentClient = {
      incident: async (id) => incident(id),
      acknowledge: async () => [],
      resolve: async () => [],
      addNote: async () => ({}),
      notes: async () => [note('something else', T0 + 1000)],
    };
    await audit.append(started({ start: draft.startsAt.toISOString(), end: draft.endsAt.toISOString() }));
    await audit.append(started({ action: 'incident.note', target: 'PT4KHLK', digest: digestOf('rolled back') }));
    // Younger than two minutes: another process may still be waiting for its answer.
    await audit.append(started({ time: new Date(T0 + 9 * 60_000).toISOString() }));

    const later = deps(T0 + 10 * 60_000);
    const settled = await reconcileLeftovers(later, { am: client, pd });
    expect(settled.map((s) => `${s.entry.action}:${s.outcome}`)).toEqual(['silence.create:ok', 'incident.note:failed']);
    expect(settled[0]?.message).toMatch(/took effect/);
    const lines = await audit.entries();
    expect(lines.filter((l) => l.outcome !== 'started').map((l) => `${l.action}:${l.outcome}:${l.reconciled}`)).toEqual(['silence.create:ok:true', 'incident.note:failed:true']);
    expect(await reconcileLeftovers(later, { am: client, pd })).toEqual([]);
  });

  it('a note that reading back finds is not added again by the retry', async () => {
    const notes: IncidentNote[] = [{ id: 'N1', content: 'rolled back', createdAt: new Date(T0 - 60_000), user: { id: 'PU1', name: 'Ada' } }];
    let posts = 0;
    const pd: IncidentClient = { incident: async (id) => incident(id), acknowledge: async () => [], resolve: async () => [], addNote: async () => { posts++; return {}; }, notes: async () => notes };
    const r = await addIncidentNote(deps(), pd, 'PT4KHLK', 'rolled back ');
    expect(r.added).toBe(false);
    expect(r.message).toMatch(/already says this/);
    expect(posts).toBe(0);
    // Older than the window: a deliberate repeat is sent.
    expect((await addIncidentNote(deps(T0 + 10 * 60_000), pd, 'PT4KHLK', 'rolled back')).added).toBe(true);
    expect(posts).toBe(1);
  });
});
