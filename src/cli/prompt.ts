import { createInterface, type Interface } from 'node:readline';
import type { InStream, Io } from './io.js';

export interface Prompter {
  /** Writes the question to stderr and reads one line; undefined when input has ended. */
  ask(question: string): Promise<string | undefined>;
  /** Stops reading (so the process can exit); lines already typed wait for the next question. */
  close(): void;
}

interface LineReader {
  rl: Interface;
  typedAhead: string[];
  waiting: Array<(line: string | undefined) => void>;
  ended: boolean;
}

/**
 * One line reader per input stream, kept for the whole run: a command that asks twice (`take`: which
 * schedule, then the confirmation) must not lose what the user typed ahead of the second question,
 * which a reader per question did (the first one read both lines and took the second away with it).
 */
const readers = new WeakMap<InStream, LineReader>();

function readerFor(stdin: InStream): LineReader {
  const known = readers.get(stdin);
  if (known) return known;
  const reader: LineReader = { rl: createInterface({ input: stdin, terminal: false }), typedAhead: [], waiting: [], ended: false };
  reader.rl.on('line', (line) => {
    const waiter = reader.waiting.shift();
    if (waiter) waiter(line);
    else reader.typedAhead.push(line);
  });
  reader.rl.on('close', () => {
    reader.ended = true;
    for (const waiter of reader.waiting.splice(0)) waiter(undefined);
  });
  readers.set(stdin, reader);
  return reader;
}

/** Line prompts over io.stdin; answers typed (or piped) ahead of their question are kept for it. */
export function createPrompter(io: Io): Prompter {
  const reader = readerFor(io.stdin);
  return {
    ask(question) {
      io.stderr.write(question);
      if (reader.typedAhead.length > 0) return Promise.resolve(reader.typedAhead.shift());
      if (reader.ended) return Promise.resolve(undefined);
      reader.rl.resume();
      return new Promise((resolve) => reader.waiting.push(resolve));
    },
    close: () => {
      if (!reader.ended) reader.rl.pause();
    },
  };
}
