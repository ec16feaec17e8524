/**
 * The Ink side of a dashboard session: the terminal (alternate screen, raw mode, restored on every
 * way out) and the rendered App. The CLI's composition root (src/cli/session.ts) builds the store,
 * pollers and key dispatch and hands them here. Loaded lazily: headless commands never load Ink.
 */
import chalk from 'chalk';
import { render } from 'ink';
import { createElement } from 'react';
import type { Dispatcher } from '../dispatch/dispatch.js';
import type { RunbookCache } from '../state/runbooks.js';
import type { Store } from '../state/store.js';
import { App } from './App.js';
import { FRAMES } from './frames.js';
import { boundHeapGrowth } from './heap.js';
import { ScreenWriter } from './screen.js';
import { guardTerminal, type GuardOptions } from './terminal.js';
import { makeTheme } from './theme.js';

export interface Terminal {
  screen: ScreenWriter;
  /** Writes a sequence that draws nothing (OSC 52) between frames. */
  passthrough(sequence: string): void;
  /** Gives the terminal back as it was (idempotent). */
  restore(): void;
}

/** Takes the terminal: alternate screen, raw mode, signal and crash handlers. */
export function openTerminal(options: GuardOptions & { ascii: boolean }): Terminal {
  const screen = new ScreenWriter(options.stdout, { ascii: options.ascii });
  const guard = guardTerminal(options);
  return {
    screen,
    passthrough: (sequence) => screen.passthrough(sequence),
    restore: () => {
      screen.detach();
      guard.restore();
    },
  };
}

export interface MountOptions {
  terminal: Terminal;
  store: Store;
  dispatcher: Dispatcher;
  display: { ascii: boolean; color: boolean; colorLevel?: 0 | 1 | 2 | 3; hyperlinks: boolean };
  slowMs: number;
  /** Told the focused pane's height, so PgUp/PgDn move one page. */
  pageSize: { current: number; detailMax?: number };
  runbooks?: RunbookCache;
  stdin: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Ink's console patch (default on); off where console is already replaced, as under a test runner. */
  patchConsole?: boolean;
}

export interface Mounted {
  unmount(): void;
  waitUntilExit(): Promise<unknown>;
}

/** Renders the dashboard into the terminal. Throws if Ink cannot start. */
export function mountApp(o: MountOptions): Mounted {
  boundHeapGrowth();
  const theme = makeTheme(o.display);
  // Ink colours through chalk, which guesses from the environment when it loads (and reads CI, not
  // NO_COLOR): make it agree with the decision taken once from the terminal. Without colour this
  // also drops bold and inverse, so focus carries a text marker too (see ConfirmDialog).
  chalk.level = o.display.color ? (o.display.colorLevel ?? 1) : 0;
  const ink = render(createElement(App, { store: o.store, dispatcher: o.dispatcher, theme, slowMs: o.slowMs, pageSize: o.pageSize, runbooks: o.runbooks }), {
    stdout: o.terminal.screen as unknown as NodeJS.WriteStream,
    stdin: o.stdin,
    stderr: o.stderr,
    exitOnCtrlC: false,
    // console output would tear the full-screen frame; Ink prints it above the frame instead.
    patchConsole: o.patchConsole ?? true,
    // Whole frames, of which ScreenWriter sends the changed lines; see frames.ts.
    ...FRAMES,
  });
  return { unmount: () => ink.unmount(), waitUntilExit: () => ink.waitUntilExit() };
}
