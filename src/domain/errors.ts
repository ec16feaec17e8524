import { EXIT_FAILURE, EXIT_USAGE } from './exit.js';

/**
 * A failure the user can act on. `hint` says what to do next; `exitCode` follows the CLI contract
 * (exit.ts: 1 failure, 2 bad usage). Messages never carry secrets: sources build them from redacted parts.
 */
export type ErrorKind =
  | 'usage' // bad input from the user: matcher, duration, id, flag
  | 'config' // bad or missing configuration
  | 'auth' // 401
  | 'forbidden' // 403
  | 'not_found' // 404 or an unknown id
  | 'rate_limited' // 429
  | 'timeout'
  | 'network' // connection refused, DNS, TLS
  | 'server' // 5xx or an error envelope
  | 'bad_response' // a body we could not understand
  | 'conflict'; // the server refused because of its own state

export interface OncallErrorOptions {
  hint?: string;
  source?: string;
  status?: number;
  /** For 429: how long the server asked us to wait, in seconds. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class OncallError extends Error {
  readonly kind: ErrorKind;
  readonly hint?: string;
  readonly source?: string;
  readonly status?: number;
  readonly retryAfterSeconds?: number;

  constructor(kind: ErrorKind, message: string, options: OncallErrorOptions = {}) {
    super(message);
    this.name = 'OncallError';
    this.kind = kind;
    this.hint = options.hint;
    this.source = options.source;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get exitCode(): number {
    return this.kind === 'usage' ? EXIT_USAGE : EXIT_FAILURE;
  }

  /** One line for a status bar or stderr: "alertmanager: connection refused — is it running at …?" */
  toLine(): string {
    const where = this.source ? `${this.source}: ` : '';
    return this.hint ? `${where}${this.message} — ${this.hint}` : `${where}${this.message}`;
  }
}

export function usageError(message: string, hint?: string): OncallError {
  return new OncallError('usage', message, { hint });
}

export function isOncallError(err: unknown): err is OncallError {
  return err instanceof OncallError;
}

/** One line for a status bar, stderr or the audit file, whatever was thrown. */
export function errorLine(err: unknown): string {
  if (isOncallError(err)) return err.toLine();
  return err instanceof Error ? err.message : String(err);
}
