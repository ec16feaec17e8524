import { usageError } from '../domain/errors.js';
import { processIo, type Io } from './io.js';
import { createPrompter } from './prompt.js';

/**
 * Asks before a destructive step. --yes answers for the user; with no terminal to ask on (a script,
 * a pipe) and no --yes it refuses rather than guessing. The question goes to stderr so that
 * `-o json` output on stdout stays clean.
 */
export async function confirm(question: string, flags: { yes?: boolean; io?: Io }): Promise<boolean> {
  if (flags.yes) return true;
  const io = flags.io ?? processIo();
  if (!io.stdin.isTTY) {
    const what = question.replace(/\?\s*$/, '');
    throw usageError(
      `refusing to ${what.charAt(0).toLowerCase()}${what.slice(1)} without --yes (stdin is not a terminal)`,
      'add --yes to confirm from a script',
    );
  }
  const prompter = createPrompter(io);
  try {
    const answer = await prompter.ask(`${question} [y/N] `);
    return /^y(es)?$/i.test((answer ?? '').trim());
  } finally {
    prompter.close();
  }
}
