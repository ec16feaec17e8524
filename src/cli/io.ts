/**
 * Where a command reads and writes. main.ts passes the process' streams; tests pass buffers, so every
 * command runs in-process without spawning.
 */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
  /**
   * Takes a table as rows instead of text, where tables are put together before printing (a command
   * run for each of several contexts, src/cli/fleet.ts): printTable hands it here when it is set.
   */
  table?(table: TableOut): void;
  /** A terminal's colour depth in bits (tty.WriteStream has it). */
  getColorDepth?(env?: NodeJS.ProcessEnv): number;
}

export interface InStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: NodeJS.ProcessEnv;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Read when a command asks: Node builds process.stdin on first use (a few ms), and most commands never read it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
  };
}

/** A table not yet formatted: the first of `choices` whose table fits the width (the last one otherwise); `width` Infinity: never cut. */
export interface TableOut {
  choices: Array<{ rows: Record<string, string>[]; columns: Array<{ key: string; header: string; max?: number }> }>;
  width?: number;
}
