/**
 * Where a command reads and writes. main.ts passes the process' streams; tests pass buffers, so every
 * command runs in-process without spawning.
 */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
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
