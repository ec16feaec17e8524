import { parseMatcher, matchersEqual } from '../domain/matchers.js';
import type { Silence } from '../domain/types.js';
import { digestOf, errorLine, type AuditEntry } from './audit.js';
import type { ActionDeps, SilenceClient } from './ports.js';
import { flowTookEffect, type LeftoverClient } from './readBackFlow.js';

/** A started line younger than this may belong to a write another process still has out. */
const SETTLE_MS = 2 * 60_000;
/** Older leftovers are not worth a request at every start. */
const LOOK_BACK_MS = 24 * 3_600_000;
const SLACK_MS = 60_000;

export interface Leftover {
  entry: AuditEntry;
  /** What reading back established; undefined when it could not be read (tried again next start). */
  outcome?: 'ok' | 'failed';
  /** One line for stderr or the status line. */
  message?: string;
}

const near = (a: Date, iso: string | undefined) => iso !== undefined && Math.abs(a.getTime() - Date.parse(iso)) <= SLACK_MS;

/** Whether the write in `e` took effect, from what the servers hold now; undefined when this kind cannot tell. */
async function tookEffect(e: AuditEntry, am?: SilenceClient, pd?: LeftoverClient): Promise<boolean | undefined> {
  const silences = (): Promise<Silence[]> => (am ? am.silences() : Promise.reject(new Error('no Alertmanager')));
  switch (e.action) {
    case 'silence.create': {
      if (!am) return undefined;
      const matchers = e.target.split(' ').filter(Boolean).map(parseMatcher);
      return (await silences()).some((s) => s.createdBy === e.user && matchersEqual(s.matchers, matchers) && near(s.startsAt, e.start) && near(s.endsAt, e.end));
    }
    case 'silence.extend':
      if (!am) return undefined;
      return (await silences()).some((s) => s.state !== 'expired' && near(s.endsAt, e.end) && (s.id === e.target || e.ids?.includes(s.id) === true || s.createdBy === e.user));
    case 'silence.expire':
    case 'silence.undo':
      if (!am) return undefined;
      return (await silences()).find((s) => s.id === e.target)?.state === 'expired';
    case 'incident.ack':
    case 'incident.resolve': {
      if (!pd) return undefined;
      const done = e.action === 'incident.ack' ? ['acknowledged', 'resolved'] : ['resolved'];
      const now = await Promise.all(e.target.split(' ').filter(Boolean).map((id) => pd.incident(id)));
      return now.every((i) => done.includes(i.status));
    }
    case 'incident.note': {
      if (!pd || !e.digest) return undefined;
      const since = Date.parse(e.time) - SLACK_MS;
      return (await pd.notes(e.target)).some((n) => n.createdAt.getTime() >= since && digestOf(n.content.trim()) === e.digest);
    }
    default:
      return pd ? flowTookEffect(e, pd) : undefined;
  }
}

/**
 * Writes left with only a `started` line (the process died while the request was out) are settled at
 * the next start: read back, and given the outcome line they lack, marked `reconciled`. Those that
 * cannot be read back now are left for the next start.
 */
export async function reconcileLeftovers(deps: ActionDeps, clients: { am?: SilenceClient; pd?: LeftoverClient }): Promise<Leftover[]> {
  const log = deps.audit;
  if (!log) return [];
  const now = deps.now().getTime();
  const byOp = new Map<string, AuditEntry[]>();
  for (const e of await log.entries()) byOp.set(e.op, [...(byOp.get(e.op) ?? []), e]);
  const leftovers = [...byOp.values()]
    .filter((lines) => lines.length === 1 && lines[0]!.outcome === 'started' && !lines[0]!.dry_run)
    .map((lines) => lines[0]!)
    .filter((e) => e.context === deps.context.name && now - Date.parse(e.time) > SETTLE_MS && now - Date.parse(e.time) < LOOK_BACK_MS);
  const out: Leftover[] = [];
  for (const entry of leftovers) {
    let took: boolean | undefined;
    try {
      took = await tookEffect(entry, clients.am, clients.pd);
    } catch (err) {
      out.push({ entry, message: `an earlier ${entry.action} ${entry.target} (${entry.time}) ended without an answer, and reading it back failed: ${errorLine(err)}` });
      continue;
    }
    if (took === undefined) continue;
    const { time: _t, outcome: _o, ...base } = entry;
    await log.append({ time: new Date().toISOString(), ...base, outcome: took ? 'ok' : 'failed', reconciled: true, ...(took ? {} : { error: 'the program ended before the answer; reading back at the next start showed it did not take effect' }) });
    out.push({
      entry,
      outcome: took ? 'ok' : 'failed',
      message: `an earlier ${entry.action} ${entry.target} (${entry.time}) ended without an answer; reading it back shows it ${took ? 'took effect' : 'did not take effect'}`,
    });
  }
  return out;
}
