import { isOncallError } from '../domain/errors.js';
import { formatMatcher } from '../domain/matchers.js';
import { findCoveringSilence } from '../domain/silences.js';
import type { Matcher, Silence, SilenceDraft } from '../domain/types.js';
import { audited, type AuditLog } from './audit.js';
import type { AlertSource, IncidentSource } from './ports.js';
import { buildDraft } from './silenceForm.js';
import type { Store } from './store.js';

export interface EffectDeps {
  store: Store;
  alertmanager?: AlertSource;
  pagerduty?: IncidentSource;
  audit?: AuditLog;
  context: { name: string; author: string; pdFrom?: string };
  now: () => Date;
  /** Ask a source to poll now, so the screen converges on the server's view after a write. */
  refresh?: (source: 'alertmanager' | 'pagerduty') => void;
}

function line(err: unknown): string {
  return isOncallError(err) ? err.toLine() : err instanceof Error ? err.message : String(err);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Runs one write: single-flight per command (a second press while it runs does nothing), audited,
 * with its outcome in the status line. The screen changes only in `onOk`, after the server said yes.
 */
async function write<T>(
  deps: EffectDeps,
  command: string,
  audit: { action: string; target: string; user: string; ids?: (r: T) => string[] },
  progress: string,
  run: () => Promise<T>,
  onOk: (result: T) => string,
  onFail?: (err: unknown) => Promise<boolean>,
): Promise<boolean> {
  const { store } = deps;
  if (store.getState().busy.includes(command)) return false;
  const ctx = store.getState().context;
  // The keys already refuse in read-only mode; this guards any other caller too.
  if (ctx.readOnly) {
    store.dispatch({ type: 'status', text: `read-only: ${audit.action} not sent (${ctx.readOnlyReason ?? 'read-only mode'})`, tone: 'error' });
    return false;
  }
  store.dispatch({ type: 'busy', command, on: true });
  store.dispatch({ type: 'status', text: progress, tone: 'info' });
  try {
    const result = await audited(deps.audit, { context: deps.context.name, user: audit.user, action: audit.action, target: audit.target }, run, audit.ids);
    store.dispatch({ type: 'status', text: onOk(result), tone: 'ok' });
    return true;
  } catch (err) {
    if (onFail && (await onFail(err))) return true;
    store.dispatch({ type: 'status', text: `${audit.action} failed: ${line(err)}`, tone: 'error' });
    return false;
  } finally {
    store.dispatch({ type: 'busy', command, on: false });
  }
}

const pdUser = (deps: EffectDeps) => deps.context.pdFrom ?? deps.context.author;

export function acknowledge(deps: EffectDeps, ids: string[]): Promise<boolean> {
  const pd = deps.pagerduty;
  if (!pd || ids.length === 0) return Promise.resolve(false);
  return write(deps, 'incident.ack', { action: 'incident.ack', target: ids.join(','), user: pdUser(deps), ids: (r) => r.map((i) => i.id) }, `acknowledging ${plural(ids.length, 'incident')}…`, () => pd.acknowledge(ids), (incidents) => {
    deps.store.dispatch({ type: 'incidentsChanged', incidents });
    deps.store.dispatch({ type: 'clearMarks', pane: 'incidents' });
    deps.refresh?.('pagerduty');
    return `acknowledged ${incidents.map((i) => `#${i.number}`).join(' ')}`;
  });
}

export function resolve(deps: EffectDeps, ids: string[]): Promise<boolean> {
  const pd = deps.pagerduty;
  if (!pd || ids.length === 0) return Promise.resolve(false);
  return write(deps, 'incident.resolve', { action: 'incident.resolve', target: ids.join(','), user: pdUser(deps), ids: (r) => r.map((i) => i.id) }, `resolving ${plural(ids.length, 'incident')}…`, () => pd.resolve(ids), (incidents) => {
    deps.store.dispatch({ type: 'incidentsChanged', incidents });
    deps.store.dispatch({ type: 'clearMarks', pane: 'incidents' });
    deps.refresh?.('pagerduty');
    return `resolved ${incidents.map((i) => `#${i.number}`).join(' ')}`;
  });
}

export async function addNote(deps: EffectDeps, ids: string[], content: string): Promise<boolean> {
  const pd = deps.pagerduty;
  if (!pd || ids.length === 0) return false;
  if (content.trim() === '') {
    deps.store.dispatch({ type: 'status', text: 'note not added: it was empty', tone: 'error' });
    return false;
  }
  const done: string[] = [];
  return write(deps, 'incident.note', { action: 'incident.note', target: ids.join(','), user: pdUser(deps), ids: () => done }, `adding a note to ${plural(ids.length, 'incident')}…`, async () => {
    await oneByOne(deps, 'incidents', ids, done, 'note added to', async (id) => {
      await pd.addNote(id, content.trim());
      return id;
    });
  }, () => `note added to ${plural(ids.length, 'incident')}`);
}

/**
 * Runs a write per item. When one fails after others went through, the error says which went
 * through, and those are unmarked: a retry (notes are not idempotent) touches only the rest.
 */
async function oneByOne(deps: EffectDeps, pane: 'incidents' | 'silences', ids: string[], done: string[], verb: string, run: (id: string) => Promise<string>): Promise<void> {
  for (const id of ids) {
    try {
      // The key the row has now (an extended silence may have a new id).
      done.push(await run(id));
    } catch (err) {
      if (done.length === 0) throw err;
      deps.store.dispatch({ type: 'unmark', pane, keys: done });
      throw new Error(`${verb} ${done.join(' ')}; failed on ${id}: ${line(err)} (the rest are still marked)`);
    }
  }
}

function silenceFrom(id: string, draft: SilenceDraft, now: Date): Silence {
  return { ...draft, id, state: draft.startsAt.getTime() > now.getTime() ? 'pending' : 'active' };
}

const target = (ms: Matcher[]) => ms.map(formatMatcher).join(',');

/**
 * Creates the silence from the open form. If the create fails, the silence may still exist (the
 * answer was lost), so existing silences are checked for an identical one before a retry is offered:
 * retrying never creates a second silence.
 */
export async function submitSilence(deps: EffectDeps): Promise<boolean> {
  const { store } = deps;
  const am = deps.alertmanager;
  const form = store.getState().silenceForm;
  if (!am || !form || form.submitting) return false;
  const now = deps.now();
  const { draft, error } = buildDraft(form, deps.context.author, now);
  if (!draft) {
    store.dispatch({ type: 'silenceFormEdit', patch: { error } });
    return false;
  }
  store.dispatch({ type: 'silenceFormEdit', patch: { submitting: true, error: undefined } });
  const done = (id: string, how: string) => {
    store.dispatch({ type: 'silenceCreated', last: { id, matchers: draft.matchers }, silence: silenceFrom(id, draft, now) });
    store.dispatch({ type: 'close' });
    store.dispatch({ type: 'clearMarks', pane: 'alerts' });
    deps.refresh?.('alertmanager');
    return `silence ${id} ${how} — u to undo`;
  };
  const ok = await write(deps, 'silence.create', { action: 'silence.create', target: target(draft.matchers), user: draft.createdBy, ids: (id) => [id] }, 'creating silence…', () => am.createSilence(draft), (id) => done(id, 'created'), async (err) => {
    const existing = await am.silences().catch(() => []);
    const twin = findCoveringSilence(existing, draft);
    if (!twin) {
      store.dispatch({ type: 'silenceFormEdit', patch: { submitting: false, error: `${line(err)} — enter to retry` } });
      return false;
    }
    store.dispatch({ type: 'status', text: done(twin.id, 'exists (the answer was lost, but it was created)'), tone: 'ok' });
    return true;
  });
  if (!ok) store.dispatch({ type: 'silenceFormEdit', patch: { submitting: false } });
  return ok;
}

export function expireSilences(deps: EffectDeps, ids: string[], why = 'silence.expire'): Promise<boolean> {
  const am = deps.alertmanager;
  if (!am || ids.length === 0) return Promise.resolve(false);
  const expired: string[] = [];
  return write(deps, 'silence.expire', { action: why, target: ids.join(','), user: deps.context.author }, `expiring ${plural(ids.length, 'silence')}…`, async () => {
    for (const id of ids) {
      await am.expireSilence(id);
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
  return write(deps, 'silence.extend', { action: 'silence.extend', target: ids.join(','), user: deps.context.author, ids: () => done }, `extending ${plural(ids.length, 'silence')}…`, async () => {
    await oneByOne(deps, 'silences', ids, done, 'extended', async (id) => {
      const r = await am.extendSilence(id, byMs);
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
