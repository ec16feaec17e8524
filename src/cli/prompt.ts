import { createInterface } from 'node:readline';
import type { Io } from './io.js';

export interface Prompter {
  /** Writes the question to stderr and reads one line; undefined when input has ended. */
  ask(question: string): Promise<string | undefined>;
  close(): void;
}

/**
 * Line prompts over io.stdin. The async iterator buffers lines, so answers typed (or piped) ahead of
 * their question are not lost, which readline's question() would drop.
 */
export function createPrompter(io: Io): Prompter {
  const rl = createInterface({ input: io.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(question) {
      io.stderr.write(question);
      const next = await lines.next();
      return next.done ? undefined : String(next.value);
    },
    close: () => rl.close(),
  };
}
