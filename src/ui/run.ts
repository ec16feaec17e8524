import { render } from 'ink';
import { createElement } from 'react';
import type { AuditLog } from '../state/audit.js';
import type { AlertSource, IncidentSource, LoadSlos, PeerHealth } from '../state/ports.js';
import type { RunbookCache } from '../state/runbooks.js';
import { startPollers } from '../state/pollers.js';
import { initialState } from '../state/reducer.js';
import { createStore } from '../state/store.js';
import { App } from './App.js';
import { createController } from './controller.js';
import { ScreenWriter } from './screen.js';
import { guardTerminal } from './terminal.js';
import { makeTheme } from './theme.js';

export type { PeerHealth };

export interface DashboardDeps {
  context: { name: string; isProd: boolean; readOnly: boolean; readOnlyReason?: string; author: string; pdFrom?: string };
  /** An AlertmanagerApi (client or cluster) fits: only the methods the dashboard calls are required. */
  alertmanager?: AlertSource & { lastPeerHealth?(): PeerHealth[] };
  pagerduty?: IncidentSource;
  loadSlos?: LoadSlos;
  audit?: AuditLog;
  /** The session's runbooks (the runbook pane); kept across polls, refreshed by ctrl-r. */
  runbooks?: RunbookCache;
  /** $TMUX decides how `c` sends OSC 52. Default: process.env. */
  env?: Record<string, string | undefined>;
  poll: { alertmanagerMs: number; pagerdutyMs: number; prometheusMs: number };
  display: { ascii: boolean; color: boolean; hyperlinks: boolean };
  now?: () => Date;
  /** `:ctx NAME`: build the deps for another context. Absent: the command says how to restart. */
  switchContext?: (name: string) => Promise<DashboardDeps>;
  /** A poll answer slower than this shows the source as slow. Default 3 s. */
  slowMs?: number;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** Ink's console patch (default on); off where console is already replaced, as under a test runner. */
  patchConsole?: boolean;
}

type SessionEnd = { kind: 'quit' } | { kind: 'switch'; deps: DashboardDeps } | { kind: 'crash'; error: unknown };

/** Opens the dashboard full screen; resolves when the user quits (q, ctrl-c) or a signal ends it. */
export async function runDashboard(deps: DashboardDeps): Promise<void> {
  let current = deps;
  for (;;) {
    const end = await session(current);
    if (end.kind === 'quit') return;
    if (end.kind === 'crash') throw end.error;
    current = end.deps;
  }
}

function session(deps: DashboardDeps): Promise<SessionEnd> {
  const stdout = deps.stdout ?? process.stdout;
  const stdin = deps.stdin ?? process.stdin;
  const now = deps.now ?? (() => new Date());
  const slowMs = deps.slowMs ?? 3000;
  const store = createStore(
    initialState({
      context: { name: deps.context.name, isProd: deps.context.isProd, readOnly: deps.context.readOnly, readOnlyReason: deps.context.readOnlyReason, author: deps.context.author },
      enabled: { alertmanager: !!deps.alertmanager, pagerduty: !!deps.pagerduty, prometheus: !!deps.loadSlos },
      now: now().getTime(),
      runbooks: !!deps.runbooks,
    }),
  );
  return new Promise<SessionEnd>((resolveSession) => {
    let ended = false;
    const pollers = startPollers(store, { alertmanager: deps.alertmanager, pagerduty: deps.pagerduty, loadSlos: deps.loadSlos, poll: deps.poll, slowMs, clock: () => now().getTime() });
    // Ages and "slow" need a clock even when no data changes; one tick a second is cheap.
    const tick = setInterval(() => store.dispatch({ type: 'tick', now: now().getTime() }), 1000);
    const pageSize = { current: 10 };
    const screen = new ScreenWriter(stdout, { ascii: deps.display.ascii });
    const finish = (end: SessionEnd) => {
      if (ended) return;
      ended = true;
      clearInterval(tick);
      pollers.stop();
      try {
        ink?.unmount();
      } catch {
        // Already unmounted by a crash inside Ink.
      }
      screen.detach();
      guard.restore();
      resolveSession(end);
    };
    const guard = guardTerminal({
      stdout,
      stdin,
      onSignal: (sig) => {
        finish({ kind: 'quit' });
        // A dropped SSH session or a kill: the terminal is restored, now leave like the signal asked.
        if (sig !== 'SIGINT') process.exitCode = 128 + (sig === 'SIGHUP' ? 1 : 15);
      },
      onCrash: (error) => finish({ kind: 'crash', error }),
    });
    const controller = createController({
      store,
      alertmanager: deps.alertmanager,
      pagerduty: deps.pagerduty,
      audit: deps.audit,
      context: { name: deps.context.name, author: deps.context.author, pdFrom: deps.context.pdFrom },
      now,
      refresh: (source) => pollers.pollers[source]?.refreshNow(),
      refreshNow: () => pollers.refreshNow(),
      setPaused: (paused) => pollers.setPaused(paused),
      quit: () => finish({ kind: 'quit' }),
      pageSize: () => pageSize.current,
      runbooks: deps.runbooks,
      emit: (sequence) => screen.passthrough(sequence),
      env: deps.env ?? process.env,
      ascii: deps.display.ascii,
      switchContext: deps.switchContext
        ? (name) => {
            store.dispatch({ type: 'status', text: `switching to context ${name}…`, tone: 'info' });
            deps.switchContext!(name).then(
              (next) => finish({ kind: 'switch', deps: next }),
              (err: unknown) => store.dispatch({ type: 'status', text: `cannot switch to ${name}: ${err instanceof Error ? err.message : String(err)}`, tone: 'error' }),
            );
          }
        : undefined,
    });
    const theme = makeTheme(deps.display);
    let ink: ReturnType<typeof render> | undefined;
    try {
      // createElement rather than JSX keeps this file at run.ts, the path the CLI imports.
      ink = render(createElement(App, { store, controller, theme, slowMs, pageSize, runbooks: deps.runbooks }), {
        stdout: screen as unknown as NodeJS.WriteStream,
        stdin,
        stderr: deps.stderr,
        exitOnCtrlC: false,
        // console output would tear the full-screen frame; Ink prints it above the frame instead.
        patchConsole: deps.patchConsole ?? true,
        // Over SSH a cursor move must rewrite the lines that changed, not the screen. Ink renders
        // whole frames and ScreenWriter sends only the changed lines (see screen.ts for why Ink's own
        // incrementalRendering is not used); maxFps bounds the frames while keys are held down.
        incrementalRendering: false,
        maxFps: 30,
      });
    } catch (error) {
      finish({ kind: 'crash', error });
      return;
    }
    ink.waitUntilExit().then(
      () => finish({ kind: 'quit' }),
      (error: unknown) => finish({ kind: 'crash', error }),
    );
  });
}
