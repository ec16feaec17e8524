import { expect } from 'vitest';

/** Escape sequences a terminal sends for each key, so tests press keys by name. */
export const KEYS: Record<string, string> = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageup: '\u001b[5~',
  pagedown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  enter: '\r',
  esc: '\u001b',
  tab: '\t',
  'shift-tab': '\u001b[Z',
  space: ' ',
  backspace: '\u007f',
  'ctrl-r': '\u0012',
  'ctrl-c': '\u0003',
};

export function press(stdin: { write(data: string): void }, ...names: string[]): void {
  for (const name of names) stdin.write(KEYS[name] ?? name);
}

export function type(stdin: { write(data: string): void }, text: string): void {
  for (const ch of text) stdin.write(ch);
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;
export function plain(frame: string | undefined): string {
  return (frame ?? '').replace(ANSI, '');
}

/** Polls frames until `predicate` holds (no fixed sleep); fails with the last frame. */
export async function waitForFrame(lastFrame: () => string | undefined, predicate: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = plain(lastFrame());
    if (predicate(frame)) return frame;
    if (Date.now() > deadline) {
      expect.fail(`frame never matched within ${timeoutMs}ms; last frame:\n${frame}`);
    }
    await new Promise((r) => setImmediate(r));
  }
}

/** Resolves once `check` holds, polling on the event loop. */
export async function waitFor(check: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) expect.fail(`${what} did not happen within ${timeoutMs}ms`);
    await new Promise((r) => setImmediate(r));
  }
}
