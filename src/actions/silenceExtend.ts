import { OncallError } from '../domain/errors.js';
import { extendedEnd, extensionTo, findExtended } from '../domain/silences.js';
import type { AuditEntry } from './audit.js';
import { validateSilenceDraft } from '../domain/silenceDraft.js';
import { silenceLimits, type ActionDeps, type SilenceClient } from './ports.js';
import { LOST_NOTE, runWrite } from './write.js';

/** How long after an unknown outcome a repeat of the same extension reuses its end. */
export const REPEAT_WINDOW_MS = 5 * 60_000;

export interface ExtendInput {
  id: string;
  /** Add this much (from the end, or from now if it has ended). */
  byMs?: number;
  /** Or set the end outright. */
  until?: Date;
}

export interface SilenceExtended {
  previousId: string;
  /** Alertmanager may answer with a new id (the old silence expired): always the one to keep. */
  id: string;
  endsAt: Date;
  replaced: boolean;
  reconciled: boolean;
  /** false: an earlier attempt whose outcome was unknown had already done it; nothing was sent. */
  sent: boolean;
  message: string;
}

/**
 * The end an earlier attempt of this same extension worked out, if it ended without a known outcome
 * (unknown, interrupted, or a process that died) a few minutes ago: repeating it must not add again.
 */
export async function pendingEnd(deps: ActionDeps, id: string, byMs: number): Promise<Date | undefined> {
  if (!deps.audit) return undefined;
  const since = deps.now().getTime() - REPEAT_WINDOW_MS;
  const ops = new Map<string, AuditEntry[]>();
  for (const e of await deps.audit.entries()) {
    if (e.action !== 'silence.extend' || e.target !== id || Date.parse(e.time) < since) continue;
    ops.set(e.op, [...(ops.get(e.op) ?? []), e]);
  }
  const unsettled = [...ops.values()].filter((lines) => {
    const started = lines.find((l) => l.outcome === 'started');
    const outcome = lines.find((l) => l.outcome !== 'started')?.outcome;
    return started?.end && started.by_ms === byMs && (outcome === undefined || outcome === 'unknown' || outcome === 'interrupted');
  });
  const last = unsettled.at(-1)?.find((l) => l.outcome === 'started');
  return last?.end ? new Date(last.end) : undefined;
}

/**
 * Moves a silence's end. The absolute end is worked out once, before the request, and written in the
 * audit's started line; after a lost answer the silence is read back at that end. A repeat within a
 * few minutes of an unknown outcome reuses that end, and sends nothing if the silence is already there.
 */
export async function extendSilence(deps: ActionDeps, am: SilenceClient, input: ExtendInput): Promise<SilenceExtended> {
  const now = deps.now();
  const list = await am.silences();
  const s = list.find((x) => x.id === input.id);
  if (!s) throw new OncallError('not_found', `no silence with id ${input.id}`, { source: 'alertmanager', hint: '`oncall silences --expired` lists them' });
  const byMs = input.byMs ?? 0;
  const earlier = input.until ? undefined : await pendingEnd(deps, s.id, byMs);
  const end = input.until ?? earlier ?? extendedEnd(s, byMs, now);
  const draft = extensionTo(s, end, now);
  // The same rules as a new silence, max_silence included: an extension must not make it too long.
  validateSilenceDraft(draft, now, silenceLimits(deps));
  const result = (id: string, sent: boolean, reconciled: boolean, message: string): SilenceExtended => ({
    previousId: s.id, id, endsAt: end, replaced: id !== s.id, reconciled, sent, message,
  });
  if (earlier) {
    const done = findExtended(list, s, end);
    if (done) return result(done.id, false, true, `already extended to ${end.toISOString()} by the earlier attempt (read back); nothing sent`);
  }
  const { value, reconciled } = await runWrite(deps, {
    action: 'silence.extend',
    target: s.id,
    user: deps.context.author,
    extra: { end: end.toISOString(), ...(input.until ? {} : { by_ms: byMs }) },
    send: () => am.updateSilence(draft),
    readBack: async () => findExtended(await am.silences(), s, end)?.id,
    ids: (id) => [id],
    what: `extend silence ${s.id}`,
    check: 'oncall silences',
  });
  return result(value, true, reconciled, reconciled ? `extended (${LOST_NOTE})` : 'extended');
}
