import { OncallError } from '../domain/errors.js';
import { redactText } from '../sources/errors.js';
import { SilentExit } from './command.js';
import type { Io } from './io.js';

/** A yargs parse/validation failure (unknown flag, missing argument): always exit 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/**
 * yargs says a wrong choice in three lines ("Invalid values:", "  Argument: output, Given: …, Choices: …");
 * the user gets one, in the words the commands use for their own lists.
 */
export function oneLineUsage(msg: string): string {
  const m = /^Invalid values:\n\s*Argument: (\S+), Given: (.*), Choices: (.*)$/.exec(msg.trim());
  if (!m) return msg;
  const choices = m[3]!.split(', ').map((c) => c.replace(/^"(.*)"$/, '$1')).join(', ');
  return `--${m[1]} ${m[2]} is not one of ${choices}`;
}

function isYargsError(err: unknown): boolean {
  return err instanceof Error && err.name === 'YError';
}

/**
 * The one place errors reach the user: `error: <message>` and `  hint: <hint>` on stderr, and the exit
 * code to use. Stacks only with ONCALL_DEBUG=1. Every line goes through redactText as a last guard.
 */
export function reportError(err: unknown, io: Io): number {
  const say = (line: string) => io.stderr.write(`${redactText(line)}\n`);
  if (err instanceof SilentExit) return err.code;
  if (err instanceof OncallError) {
    say(`error: ${err.source ? `${err.source}: ` : ''}${err.message}`);
    if (err.hint) say(`  hint: ${err.hint}`);
    return err.exitCode;
  }
  if (err instanceof CliUsageError || isYargsError(err)) {
    say(`error: ${(err as Error).message}`);
    say('  hint: see `oncall --help`, or `oncall <command> --help`');
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  say(`error: unexpected failure: ${message.split('\n')[0] ?? ''}`);
  if (io.env.ONCALL_DEBUG === '1' && err instanceof Error && err.stack) say(err.stack);
  else say('  hint: run again with ONCALL_DEBUG=1 for details');
  return 1;
}
