import { addIncidentNote, createSilence, expireSilence, extendSilence, isOutcomeUnknown, setIncidentStatus, type ActionDeps, type AuditLog, type IncidentVerb } from '../actions/index.js';
import { errorLine } from '../domain/errors.js';
import { previewSilence } from '../domain/preview.js';
import type { Silence, SilenceDraft } from '../domain/types.js';
import type { AlertSource, IncidentSource } from './ports.js';
import { loadSelectedNotes } from './notes.js';
import { buildDraft } from './silenceForm.js';
import type { Store } from './store.js';

/**
 * The dashboard's side of each write: single-flight, read-only guard, the status line and the store.
 * The writes themselves (validation, idempotency, read-back, audit lines) are the actions'.
 */
export interface EffectDeps {
  store: Store;
  alertmanager?: AlertSource;
  pagerduty?: IncidentSource;
  audit?: AuditLog;
  /** `readOnly` set: this context's own setting (several contexts); unset: the dashboard's. */
  context: { name: string; author: string; pdFrom?: string; maxSilenceMs?: number; readOnly?: boolean; readOnlyReason?: string };
  now: () => Date;
  /** Ask a source to poll now, so the screen converges on the server's view after a write. */
  refresh?: (source: 'alertmanager' | 'pagerduty') => void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const actionDeps = (deps: EffectDeps): ActionDeps => ({ audit: deps.audit, context: deps.context, now: deps.now, maxSilenceMs: deps.context.maxSilenceMs });

/**
 * Runs one write: single-flight per command (a second press while it runs does nothing), refused in
 * read-only mode, with its outcome in the status line. The screen changes only in `onOk`, after the
 * server said yes (or reading back showed it took effect).
 */
export async function write<T>(
  deps: EffectDeps,
  command: string,
  action: string,
  progress: string,
  run: () => Promise<T>,
  onOk: (result: T) => string,
  onFail?: (err: unknown) => void,
): Promise<boolean> {
  const { store } = deps;
  if (store.getState().busy.includes(command)) return false;
  const ctx = readOnlyOf(deps);
  // The keys already refuse in read-only mode; this guards any other caller too.
  if (ctx.readOnly) {
    store.dispatch({ type: 'status', text: `read-only: ${action} not sent (${ctx.readOnlyReason ?? 'read-only mode'})`, tone: 'error' });
    return false;
  }
  store.dispatch({ type: 'busy', command, on: true });
  store.dispatch({ type: 'status', text: progress, tone: 'info' });
  try {
    const result = await run();
    store.dispatch({ type: 'status', text: onOk(result), tone: 'ok' });
    return true;
  } catch (err) {
    onFail?.(err);
    // Tied to its source: the message stays while that source keeps failing (see state/status.ts).
    const source = command.startsWith('incident.') ? 'pagerduty' : 'alertmanager';
    store.dispatch({ type: 'status', text: `${action} ${isOutcomeUnknown(err) ? 'outcome unknown' : 'failed'}: ${errorLine(err)}`, tone: 'error', source });
    return false;
  } finally {
    store.dispatch({ type: 'busy', command, on: false });
  }
}

/** Whose read-only setting a write obeys: its context's (several contexts), else the dashboard's. */
export function readOnlyOf(deps: EffectDeps): { readOnly: boolean; readOnlyReason?: string } {
  const c = deps.context;
  return c.readOnly !== undefined ? { readOnly: c.readOnly, ...(c.readOnlyReason ? { readOnlyReason: c.readOnlyReason } : {}) } : deps.store.getState().context;
}

/** The context a new row belongs to, when several are shown. */
const contextTag = (deps: EffectDeps) => (deps.store.getState().fleet ? { context: deps.context.name } : {});

/** " (the answer was lost; …)" after a verb when reading back settled it. */
const how = (message: string, verb: string) => message.slice(verb.length);

function setStatus(deps: EffectDeps, verb: IncidentVerb, ids: string[]): Promise<boolean> {
  const pd = deps.pagerduty;
  if (!pd || ids.length === 0) return Promise.resolve(false);
  const [command, ing, done] = verb === 'ack' ? ['incident.ack', 'acknowledging', 'acknowledged'] : ['incident.resolve', 'resolving', 'resolved'];
  return write(deps, command, command, `${ing} ${plural(ids.length, 'incident')}…`, () => setIncidentStatus(actionDeps(deps), pd, verb, ids), (r) => {
    deps.store.dispatch({ type: 'incidentsChanged', incidents: r.incidents });
    deps.store.dispatch({ type: 'clearMarks', pane: 'incidents' });
    deps.refresh?.('pagerduty');
    return `${done} ${r.incidents.map((i) => `#${i.number}`).join(' ')}${how(r.message, done)}`;
  });
}

export function acknowledge(deps: EffectDeps, ids: string[]): Promise<boolean> {
  return setStatus(deps, 'ack', ids);
}

export function resolve(deps: EffectDeps, ids: string[]): Promise<boolean> {
  return setStatus(deps, 'resolve', ids);
}

export async function addNote(deps: EffectDeps, ids: string[], content: string): Promise<boolean> {
  const pd = deps.pagerduty;
  if (!pd || ids.length === 0) return false;
  if (content.trim() === '') {
    deps.store.dispatch({ type: 'status', text: 'note not added: it was empty', tone: 'error' });
    return false;
  }
  const done: string[] = [];
  const skipped: string[] = [];
  return write(deps, 'incident.note', 'incident.note', `adding a note to ${plural(ids.length, 'incident')}…`, async () => {
    await oneByOne(deps, 'incidents', ids, done, 'note added to', async (id) => {
      const r = await addIncidentNote(actionDeps(deps), pd, id, content);
      if (!r.added) skipped.push(id);
      return id;
    });
  }, () => {
    // Details showing one of these incidents' notes show the new one too.
    const shown = deps.store.getState().notes?.incidentId;
    if (shown && ids.includes(shown)) void loadSelectedNotes(deps);
    return `note added to ${plural(ids.length - skipped.length, 'incident')}${skipped.length ? ` (${skipped.join(' ')} already had it: not added again)` : ''}`;
  });
}

/**
 * Runs a write per item. When one fails after others went through, the error says which went
 * through, and those are unmarked: a retry touches only the rest.
 */
async function oneByOne(deps: EffectDeps, pane: 'incidents' | 'silences', ids: string[], done: string[], verb: string, run: (id: string) => Promise<string>): Promise<void> {
  for (const id of ids) {
    try {
      // The key the row has now (an extended silence may have a new id).
      done.push(await run(id));
    } catch (err) {
      if (done.length === 0) throw err;
      deps.store.dispatch({ type: 'unmark', pane, keys: done });
      throw new Error(`${verb} ${done.join(' ')}; failed on ${id}: ${errorLine(err)} (the rest are still marked)`);
    }
  }
}

function silenceFrom(id: string, draft: SilenceDraft, now: Date): Silence {
  return { ...draft, id, state: draft.startsAt.getTime() > now.getTime() ? 'pending' : 'active' };
}

/**
 * Creates the silence from the open form. The action reuses an identical silence and reads back
 * after a lost answer, so a retry never creates a second one; a real failure keeps the form open.
 */
export async function submitSilence(deps: EffectDeps): Promise<boolean> {
  const { store } = deps;
  const am = deps.alertmanager;
  const form = store.getState().silenceForm;
  if (!am || !form || form.submitting) return false;
  const now = deps.now();
  const { draft, error } = buildDraft(form, deps.context.author, now, deps.context.maxSilenceMs);
  if (!draft) {
    store.dispatch({ type: 'silenceFormEdit', patch: { error } });
    return false;
  }
  // Matching nothing is often a typo, sometimes planned maintenance: ask once, do not refuse.
  const tag = contextTag(deps);
  const firing = tag.context ? store.getState().alerts.filter((a) => a.context === tag.context) : store.getState().alerts;
  if (!form.emptyAcknowledged && previewSilence(draft.matchers, firing).total === 0) {
    const error = `this silence matches 0 of ${firing.length} firing alerts — enter again to create it anyway (planned maintenance?), or fix the matchers`;
    store.dispatch({ type: 'silenceFormEdit', patch: { error, emptyAcknowledged: true } });
    return false;
  }
  store.dispatch({ type: 'silenceFormEdit', patch: { submitting: true, error: undefined } });
  const ok = await write(deps, 'silence.create', 'silence.create', 'creating silence…', () => createSilence(actionDeps(deps), am, draft), (r) => {
    store.dispatch({ type: 'silenceCreated', last: { id: r.id, matchers: draft.matchers, ...tag }, silence: { ...(r.twin ?? silenceFrom(r.id, draft, now)), ...tag } });
    store.dispatch({ type: 'close' });
    store.dispatch({ type: 'clearMarks', pane: 'alerts' });
    deps.refresh?.('alertmanager');
    return `silence ${r.id} ${r.message} — u to undo`;
  }, (err) => {
    const next = isOutcomeUnknown(err) ? '' : ' — enter to retry';
    store.dispatch({ type: 'silenceFormEdit', patch: { submitting: false, error: `${errorLine(err)}${next}` } });
  });
  if (!ok) store.dispatch({ type: 'silenceFormEdit', patch: { submitting: false } });
  return ok;
}

export function expireSilences(deps: EffectDeps, ids: string[], why = 'silence.expire'): Promise<boolean> {
  const am = deps.alertmanager;
  if (!am || ids.length === 0) return Promise.resolve(false);
  const expired: string[] = [];
  return write(deps, 'silence.expire', why, `expiring ${plural(ids.length, 'silence')}…`, async () => {
    for (const id of ids) {
      await expireSilence(actionDeps(deps), am, id, why);
      // Each one the server confirmed leaves the screen, even if a later one fails.
      expired.push(id);
      deps.store.dispatch({ type: 'silenceExpired', id });
    }
  }, () => {
    deps.refresh?.('alertmanager');
    return `expired ${expired.join(' ')}`;
  });
}

export function extendSilences(deps: EffectDeps, ids: string[], byMs: number): Promise<boolean> {
  const am = deps.alertmanager;
  if (!am || ids.length === 0) return Promise.resolve(false);
  const done: string[] = [];
  return write(deps, 'silence.extend', 'silence.extend', `extending ${plural(ids.length, 'silence')}…`, async () => {
    await oneByOne(deps, 'silences', ids, done, 'extended', async (id) => {
      const r = await extendSilence(actionDeps(deps), am, { id, byMs });
      // Alertmanager may answer with a new id (the old silence expired): always keep the new one.
      deps.store.dispatch({ type: 'silenceExtended', oldId: id, id: r.id, endsAt: r.endsAt });
      return r.id;
    });
  }, () => {
    deps.refresh?.('alertmanager');
    return `extended ${done.join(' ')}`;
  });
}

export async function undoSilence(deps: EffectDeps): Promise<boolean> {
  const last = deps.store.getState().lastSilence;
  if (!last) {
    deps.store.dispatch({ type: 'status', text: 'nothing to undo', tone: 'info' });
    return false;
  }
  return expireSilences(deps, [last.id], 'silence.undo');
}
