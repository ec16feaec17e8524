import { constants as osConstants } from 'node:os';
import { createDispatcher } from '../dispatch/dispatch.js';
import type { DispatchDeps } from '../dispatch/types.js';
import type { AuditLog } from '../actions/audit.js';
import type { ResponseTargets } from '../domain/response.js';
import { reconcileLeftovers } from '../actions/reconcile.js';
import { watchAckSilences } from '../state/ackExpiry.js';
import type { AlertSource, IncidentSource, LoadRoutes, ReportLoaders, SloSource, PeerHealth } from '../state/ports.js';
import type { RunbookCache } from '../state/runbooks.js';
import { startPollers } from '../state/pollers.js';
import { startFleetPollers } from '../state/fleetPollers.js';
import { contextDeps, fleetMembers, type FleetDeps } from './fleetDashboard.js';
import { initialState } from '../state/reducer.js';
import { createStore } from '../state/store.js';
import { holdWhileTyping, noticingKeys } from '../state/hold.js';
import type { Mounted, Terminal } from '../ui/mount.js';

/** The Ink side, loaded lazily (headless commands never load it): src/ui/mount.ts. */
export type UiModule = typeof import('../ui/mount.js');

export interface DashboardDeps {
  context: { name: string; isProd: boolean; readOnly: boolean; readOnlyReason?: string; author: string; pdFrom?: string; maxSilenceMs?: number; ackSilenceMs?: number | false; responseTargets?: ResponseTargets };
  /** An AlertmanagerApi (client or cluster) fits: only the methods the dashboard calls are required. */
  alertmanager?: AlertSource & { lastPeerHealth?(): PeerHealth[] };
  pagerduty?: IncidentSource;
  slos?: SloSource;
  /** Alertmanager's routing tree, for the join of alert groups and incidents. */
  loadRoutes?: LoadRoutes;
  /** `t`: the timeline of a selection (see DispatchDeps). */
  loadTimeline?: DispatchDeps['loadTimeline'];
  /** `:report` and `:handover` (see DispatchDeps). */
  reports?: ReportLoaders;
  audit?: AuditLog;
  /** The session's runbooks (the runbook pane); kept across polls, refreshed by ctrl-r. */
  runbooks?: RunbookCache;
  /** $TMUX decides how `c` sends OSC 52. Default: process.env. */
  env?: Record<string, string | undefined>;
  poll: { alertmanagerMs: number; pagerdutyMs: number; prometheusMs: number };
  /** colorLevel: chalk's level (1 basic, 2 256 colours, 3 truecolor), decided once by the CLI; default 1. */
  display: { ascii: boolean; color: boolean; colorLevel?: 0 | 1 | 2 | 3; hyperlinks: boolean };
  now?: () => Date;
  /** Several contexts at once (`--context a,b`): each one's deps; the fields here are the first's. */
  fleet?: FleetDeps[];
  /** `:ctx NAME`: build the deps for another context. Absent: the command says how to restart. */
  switchContext?: (name: string) => Promise<DashboardDeps>;
  /** How long poll answers wait while keys are pressed, and its timers (src/state/hold.ts); defaults there. */
  hold?: Parameters<typeof holdWhileTyping>[1];
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
export async function runDashboard(deps: DashboardDeps, ui: UiModule): Promise<void> {
  let current = deps;
  for (;;) {
    const end = await session(current, ui);
    if (end.kind === 'quit') return;
    if (end.kind === 'crash') throw end.error;
    current = end.deps;
  }
}

/** One context's session: store, pollers, clock and key dispatch wired to the UI; `:ctx` ends it with the next one. */
function session(deps: DashboardDeps, ui: UiModule): Promise<SessionEnd> {
  const stdout = deps.stdout ?? process.stdout;
  const stdin = deps.stdin ?? process.stdin;
  const now = deps.now ?? (() => new Date());
  const slowMs = deps.slowMs ?? 3000;
  const fleet = deps.fleet && deps.fleet.length > 1 ? deps.fleet : undefined;
  const store = createStore(
    initialState({
      context: { name: deps.context.name, isProd: deps.context.isProd, readOnly: deps.context.readOnly, readOnlyReason: deps.context.readOnlyReason, author: deps.context.author, responseTargets: deps.context.responseTargets },
      enabled: { alertmanager: !!deps.alertmanager, pagerduty: !!deps.pagerduty, prometheus: !!deps.slos },
      now: now().getTime(),
      runbooks: !!deps.runbooks,
      ...(fleet ? { fleet: fleetMembers(fleet) } : {}),
    }),
  );
  return new Promise<SessionEnd>((resolveSession) => {
    let ended = false;
    let mounted: Mounted | undefined;
    const clock = () => now().getTime();
    // Poll answers and write results go through `answers`: answers wait while keys are pressed.
    const answers = holdWhileTyping(store, deps.hold);
    const pollers = fleet
      ? startFleetPollers(answers, fleet.map(({ deps: d, pagerdutyVia }) => ({ context: d.context.name, alertmanager: d.alertmanager, pagerduty: pagerdutyVia ? undefined : d.pagerduty, slos: d.slos, loadRoutes: d.loadRoutes, poll: d.poll, slowMs, clock, beforeDecode: answers.quiet })))
      : startPollers(answers, { alertmanager: deps.alertmanager, pagerduty: deps.pagerduty, slos: deps.slos, loadRoutes: deps.loadRoutes, poll: deps.poll, slowMs, clock, beforeDecode: answers.quiet });
    // A resolved incident's ack silence is expired, so the ack does not hide the next outage; over
    // several contexts each context's silences by its own Alertmanager. Through `answers`: it reads
    // what is applied, and its expiry applies what waits first.
    const watches = (fleet ? fleet.map((m) => m.deps) : [deps]).map((d) =>
      d.alertmanager && d.pagerduty && !d.context.readOnly ? watchAckSilences(answers, d.alertmanager, () => ({ audit: d.audit, context: d.context, now }), fleet ? d.context.name : undefined) : () => {},
    );
    const stopAckWatch = () => watches.forEach((stop) => stop());
    // Ages and "slow" need a clock even when no data changes; one tick a second is cheap.
    const tick = setInterval(() => store.dispatch({ type: 'tick', now: now().getTime() }), 1000);
    const pageSize: { current: number; detailMax?: number } = { current: 10 };
    const finish = (end: SessionEnd) => {
      if (ended) return;
      ended = true;
      clearInterval(tick);
      stopAckWatch();
      pollers.stop();
      answers.stop();
      try {
        mounted?.unmount();
      } catch {
        // Already unmounted by a crash inside Ink.
      }
      terminal.restore();
      resolveSession(end);
    };
    const terminal: Terminal = ui.openTerminal({
      stdout,
      stdin,
      ascii: deps.display.ascii,
      onSignal: (sig) => {
        finish({ kind: 'quit' });
        // A dropped SSH session or a kill: the terminal is restored, now leave like the signal asked.
        if (sig !== 'SIGINT') process.exitCode = 128 + osConstants.signals[sig];
      },
      onCrash: (error) => finish({ kind: 'crash', error }),
    });
    const dispatcher = createDispatcher({
      store: answers,
      alertmanager: deps.alertmanager,
      pagerduty: deps.pagerduty,
      audit: deps.audit,
      context: { name: deps.context.name, author: deps.context.author, pdFrom: deps.context.pdFrom, maxSilenceMs: deps.context.maxSilenceMs },
      ackSilenceMs: deps.context.ackSilenceMs,
      loadTimeline: deps.loadTimeline,
      slos: deps.slos,
      reports: deps.reports,
      now,
      refresh: (source) => pollers.refresh(source),
      ...(fleet ? { contexts: contextDeps(fleet) } : {}),
      refreshNow: () => pollers.refreshNow(),
      setPaused: (paused) => pollers.setPaused(paused),
      quit: () => finish({ kind: 'quit' }),
      pageSize: () => pageSize.current,
      detailMax: () => pageSize.detailMax ?? 0,
      runbooks: deps.runbooks,
      emit: (sequence) => terminal.passthrough(sequence),
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
    // Writes an earlier session left with only a started line: settled by reading back, and said.
    for (const d of fleet ? fleet.map((m) => m.deps) : [deps]) {
      if (!d.audit || d.context.readOnly) continue;
      reconcileLeftovers({ audit: d.audit, context: d.context, now }, { am: d.alertmanager, pd: d.pagerduty }).then(
        (settled) => {
          const said = settled.find((l) => l.message);
          if (said?.message) store.dispatch({ type: 'status', text: said.message, tone: said.outcome ? 'info' : 'error' });
        },
        () => {},
      );
    }
    try {
      mounted = ui.mountApp({ terminal, store, dispatcher: noticingKeys(dispatcher, answers), display: deps.display, slowMs, pageSize, runbooks: deps.runbooks, stdin, stderr: deps.stderr, patchConsole: deps.patchConsole });
    } catch (error) {
      finish({ kind: 'crash', error });
      return;
    }
    mounted.waitUntilExit().then(
      () => finish({ kind: 'quit' }),
      (error: unknown) => finish({ kind: 'crash', error }),
    );
  });
}
