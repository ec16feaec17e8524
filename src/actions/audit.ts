import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { appendFile, chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OncallError, errorLine } from '../domain/errors.js';
import { redactText } from '../sources/errors.js';

/**
 * `started` before the request; then exactly one of: `ok` (with `reconciled: true` when the answer
 * was lost and reading back showed the write took effect), `failed`, `unknown` (the answer was lost
 * and reading back could not tell), `interrupted` (SIGINT/SIGTERM while the request was out).
 */
export type AuditOutcome = 'started' | 'ok' | 'failed' | 'unknown' | 'interrupted';

/** One line of audit.jsonl. Never holds a header, a token or a request body. */
export interface AuditEntry {
  /** ISO 8601 */
  time: string;
  /** Shared by the "started" line and its "ok"/"failed" line. */
  op: string;
  context: string;
  /** Silence author or PagerDuty From. */
  user: string;
  /** e.g. "silence.create", "incident.ack" */
  action: string;
  /** Ids or matcher text. */
  target: string;
  outcome: AuditOutcome;
  ids?: string[];
  error?: string;
  dry_run?: boolean;
  /** The outcome was established by reading back after a lost answer (or at the next start). */
  reconciled?: boolean;
  /** A write the program started on its own, not a key or a command. */
  automatic?: boolean;
  /** silence.create: the window's start (ISO 8601), to find the silence again after a lost answer. */
  start?: string;
  /** silence.extend: the absolute end, worked out once before the request; silence.create: the window's end. */
  end?: string;
  /** incident.note: the SHA-256 of the note's text (first 16 hex digits), never the text itself. */
  digest?: string;
  /** silence.extend: how much was asked for, so a repeat after an unknown outcome can be recognised. */
  by_ms?: number;
}

export interface AuditLogOptions {
  /** Called when the line after a write cannot be stored; the write itself already happened. */
  onLateFailure?: (err: unknown) => void;
}

const FILE_MODE = 0o600;

export class AuditLog {
  readonly path: string;
  readonly onLateFailure?: (err: unknown) => void;
  #dirReady = false;

  constructor(path: string, options: AuditLogOptions = {}) {
    this.path = path;
    this.onLateFailure = options.onLateFailure;
  }

  /**
   * One appendFile of one complete line: the file is opened with O_APPEND, so lines from concurrent
   * processes land whole, one after another.
   */
  async append(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify(sanitize(entry))}\n`;
    try {
      if (!this.#dirReady) {
        await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
        this.#dirReady = true;
      }
      await appendFile(this.path, line, { flag: 'a', mode: FILE_MODE });
      // `mode` only applies when the file is created; fix a file someone made wider by hand.
      const st = await stat(this.path);
      if ((st.mode & 0o777) !== FILE_MODE) await chmod(this.path, FILE_MODE);
    } catch (err) {
      throw auditUnwritable(this.path, err);
    }
  }

  /**
   * The same line, written synchronously: for a signal handler, where the process may end before a
   * promise settles.
   */
  appendSync(entry: AuditEntry): void {
    try {
      appendFileSync(this.path, `${JSON.stringify(sanitize(entry))}\n`, { flag: 'a', mode: FILE_MODE });
    } catch {
      // The process is ending; there is nobody left to tell.
    }
  }

  /** Every line, oldest first; lines that do not parse are skipped. */
  async entries(): Promise<AuditEntry[]> {
    const text = await readFile(this.path, 'utf8').catch(() => '');
    const out: AuditEntry[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line) as AuditEntry);
      } catch {
        // a line cut short by a full disk; the rest still count
      }
    }
    return out;
  }
}

function auditUnwritable(path: string, err: unknown): OncallError {
  return new OncallError('config', `cannot write the audit log ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
    hint: 'check that the config directory is writable (`oncall config path`)',
  });
}

function oneLine(text: string): string {
  return redactText(text).replace(/\s*\n\s*/g, ' ').trim();
}

function sanitize(entry: AuditEntry): AuditEntry {
  const out: AuditEntry = { ...entry, target: oneLine(entry.target), user: oneLine(entry.user) };
  if (entry.error !== undefined) out.error = oneLine(entry.error);
  return out;
}

export { errorLine };

/** Identifies a note's text in the audit file without writing the text there. */
export function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function newOpId(): string {
  return randomBytes(6).toString('hex');
}

/**
 * Runs one write between two audit lines. The "started" line is written BEFORE the request so that a
 * crash in between still leaves a trace; if it cannot be written, the write does not happen. A failure
 * to write the closing line is reported through `onLateFailure` and never turns a done write into an
 * error (the user would retry and, say, create a second silence).
 */
export async function audited<T>(
  log: AuditLog | undefined,
  base: { context: string; user: string; action: string; target: string; dryRun?: boolean },
  run: () => Promise<T>,
  ids?: (result: T) => string[],
): Promise<T> {
  if (!log) return run();
  const common = {
    op: newOpId(),
    context: base.context,
    user: base.user,
    action: base.action,
    target: base.target,
    ...(base.dryRun ? { dry_run: true } : {}),
  };
  await log.append({ time: new Date().toISOString(), ...common, outcome: 'started' });
  let result: T;
  try {
    result = await run();
  } catch (err) {
    await log
      .append({ time: new Date().toISOString(), ...common, outcome: 'failed', error: errorLine(err) })
      .catch((lateErr: unknown) => log.onLateFailure?.(lateErr));
    throw err;
  }
  let resultIds: string[] | undefined;
  try {
    resultIds = ids?.(result);
  } catch {
    resultIds = undefined; // a bad id extractor must not hide a successful write
  }
  await log
    .append({ time: new Date().toISOString(), ...common, outcome: 'ok', ...(resultIds ? { ids: resultIds } : {}) })
    .catch((lateErr: unknown) => log.onLateFailure?.(lateErr));
  return result;
}
