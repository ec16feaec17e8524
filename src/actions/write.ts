import { OncallError, isOncallError } from '../domain/errors.js';
import { EXIT_UNKNOWN } from '../domain/exit.js';
import { errorLine, newOpId, type AuditEntry } from './audit.js';
import { track } from './inflight.js';
import type { ActionDeps } from './ports.js';

/**
 * The answer to a write was lost and reading back could not tell whether it took effect. Exits 5, and
 * the hint names the command that shows the truth.
 */
export class OutcomeUnknown extends OncallError {
  constructor(what: string, cause: unknown, readBackError: unknown, check: string) {
    const source = isOncallError(cause) ? cause.source : undefined;
    super(isOncallError(cause) ? cause.kind : 'network', `${what}: outcome unknown — the answer was lost (${bare(cause)}) and reading it back failed (${bare(readBackError)})`, {
      source,
      hint: check.startsWith('oncall ') ? `it may have taken effect: check with \`${check}\` before trying again` : check,
    });
    this.name = 'OutcomeUnknown';
  }

  override get exitCode(): number {
    return EXIT_UNKNOWN;
  }
}

export function isOutcomeUnknown(err: unknown): err is OutcomeUnknown {
  return err instanceof OutcomeUnknown;
}

function bare(err: unknown): string {
  return isOncallError(err) ? err.message : err instanceof Error ? err.message : String(err);
}

/**
 * Whether the request may have reached the server although no answer says so: a timeout, a
 * connection cut after sending, a proxy's 5xx, an answer we could not read. A refusal (4xx), a
 * refused connection, a failed DNS lookup or TLS handshake mean nothing was done.
 */
export function answerMayBeLost(err: unknown): boolean {
  if (!isOncallError(err)) return !(err instanceof TypeError);
  if (err.kind === 'timeout' || err.kind === 'server' || err.kind === 'bad_response') return true;
  if (err.kind !== 'network') return false;
  return !/^(connection refused|cannot resolve|TLS failure)/.test(err.message);
}

export interface WriteSpec<T> {
  action: string;
  target: string;
  user: string;
  /** Fields for the started line (and the outcome line), such as an extension's end. */
  extra?: Partial<AuditEntry>;
  send(): Promise<T>;
  /** What the server holds now: the write's result if it took effect, else undefined. */
  readBack?(): Promise<T | undefined>;
  ids?(value: T): string[];
  /** "the silence", "acknowledge PT4KHLK": names the write in messages. */
  what: string;
  /** The command that shows whether it took effect, for an unknown outcome (or, not starting `oncall `, the whole hint). */
  check: string;
}

export interface Written<T> {
  value: T;
  /** The answer was lost; reading back showed the write took effect. */
  reconciled: boolean;
}

/**
 * Runs one write between its audit lines: `started` before the request (if it cannot be written,
 * nothing is sent), then exactly one outcome line. After a lost answer it reads back before saying
 * anything, so a write that went through is reported done and a retry cannot make a second one.
 */
export async function runWrite<T>(deps: ActionDeps, spec: WriteSpec<T>): Promise<Written<T>> {
  const log = deps.audit;
  const base = {
    op: newOpId(),
    context: deps.context.name,
    user: spec.user,
    action: spec.action,
    target: spec.target,
    ...(deps.automatic ? { automatic: true } : {}),
    ...spec.extra,
  };
  const close = async (entry: Partial<AuditEntry> & Pick<AuditEntry, 'outcome'>) => {
    if (!log || flight?.interrupted) return;
    await log.append({ time: new Date().toISOString(), ...base, ...entry }).catch((err: unknown) => log.onLateFailure?.(err));
  };
  const idsOf = (value: T) => {
    try {
      const ids = spec.ids?.(value);
      return ids ? { ids } : {};
    } catch {
      return {}; // a bad id extractor must not hide a successful write
    }
  };
  if (log) await log.append({ time: new Date().toISOString(), ...base, outcome: 'started' });
  const flight = log ? track(log, base) : undefined;
  try {
    let value: T;
    try {
      value = await spec.send();
    } catch (err) {
      if (!spec.readBack || !answerMayBeLost(err)) {
        await close({ outcome: 'failed', error: errorLine(err) });
        throw err;
      }
      let seen: T | undefined;
      try {
        seen = await spec.readBack();
      } catch (readErr) {
        await close({ outcome: 'unknown', error: errorLine(err) });
        throw new OutcomeUnknown(spec.what, err, readErr, spec.check);
      }
      if (seen === undefined) {
        await close({ outcome: 'failed', reconciled: true, error: errorLine(err) });
        throw notDone(err);
      }
      await close({ outcome: 'ok', reconciled: true, ...idsOf(seen) });
      return { value: seen, reconciled: true };
    }
    await close({ outcome: 'ok', ...idsOf(value) });
    return { value, reconciled: false };
  } finally {
    flight?.end();
  }
}

/** The same failure, saying that reading back showed nothing was done: a retry is safe. */
function notDone(err: unknown): OncallError {
  const e = isOncallError(err) ? err : new OncallError('network', bare(err));
  return new OncallError(e.kind, e.message, {
    source: e.source,
    status: e.status,
    hint: `reading it back showed it did not take effect: it is safe to try again${e.hint ? ` (${e.hint})` : ''}`,
  });
}

export const LOST_NOTE = 'the answer was lost; confirmed by reading it back';
