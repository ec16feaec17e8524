import { PassThrough } from 'node:stream';
import type { InStream, Io } from '../../../src/cli/io.js';

export interface CapturedIo extends Io {
  out(): string;
  err(): string;
  /** Feed answers to prompts (only read when `tty` is true). */
  input: PassThrough;
}

/** In-memory streams for running the CLI in-process. */
export function captureIo(env: NodeJS.ProcessEnv, opts: { tty?: boolean; columns?: number } = {}): CapturedIo {
  let out = '';
  let err = '';
  const input = new PassThrough();
  const stdin = input as unknown as InStream;
  stdin.isTTY = opts.tty ?? false;
  return {
    stdout: { write: (s: string) => (out += s), isTTY: opts.tty ?? false, columns: opts.columns ?? 200 },
    stderr: { write: (s: string) => (err += s), isTTY: opts.tty ?? false },
    stdin,
    env,
    input,
    out: () => out,
    err: () => err,
  };
}
