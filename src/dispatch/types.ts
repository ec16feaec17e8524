import type { TimelineEvent } from '../domain/timeline.js';
import type { Matcher } from '../domain/types.js';
import type { Binding, Command } from '../keymap/keymap.js';
import type { EffectDeps } from '../state/effects.js';
import type { ReportLoaders } from '../state/ports.js';
import type { RunbookCache } from '../state/runbooks.js';
import type { SloSource } from '../state/ports.js';
import type { Action } from '../state/actions.js';
import type { DashboardState } from '../state/types.js';

/** A key as the UI names it: 'j', 'G', 'enter', 'esc', 'ctrl-r', 'shift-tab', 'space', 'backspace'. */
export interface KeyPress {
  name: string;
  /** The printable text, for typing into filters, commands, notes and the form. */
  text?: string;
}

/** What differs between contexts: a key acts with the deps of the context its rows came from. */
export type ContextDeps = Pick<DispatchDeps, 'alertmanager' | 'pagerduty' | 'audit' | 'context' | 'ackSilenceMs' | 'loadTimeline' | 'slos'>;

export interface DispatchDeps extends EffectDeps {
  /** With several contexts: each one's clients and settings, by name (the deps above are the first's). */
  contexts?: Record<string, ContextDeps>;
  refreshNow(): void;
  setPaused(paused: boolean): void;
  quit(): void;
  /** How many rows a page key moves: the focused pane's visible height, which only the UI knows. */
  pageSize?: () => number;
  /** In the details view, or the report and handover views: the last first row that still fills it (how far j and G can scroll). */
  detailMax?: () => number;
  /** `:ctx NAME`; absent when the caller cannot rebuild clients for another context. */
  switchContext?: (name: string) => void;
  extendByMs?: number;
  /** `t`: reads the timeline of alerts matching these, or of one incident, over the last `sinceMs`. */
  loadTimeline?: (q: { matchers: Matcher[]; incident?: string; sinceMs: number }) => Promise<{ events: TimelineEvent[]; failures: string[] }>;
  /** `:report` and `:handover`: the reads behind `oncall report` and `oncall handover`. */
  reports?: ReportLoaders;
  /** How long the ack silence of `a` on alerts lasts; false: PagerDuty only. Default 1h. */
  ackSilenceMs?: number | false;
  runbooks?: RunbookCache;
  /** The SLO details read the selected SLO's history through it. */
  slos?: SloSource;
  /** Writes a control sequence to the terminal outside the frame (the OSC 52 of `c`). */
  emit?(sequence: string): void;
  /** $TMUX decides the OSC 52 form. */
  env?: Record<string, string | undefined>;
  ascii?: boolean;
}

/** What a handler gets: the deps, the state as it is now, the key (or the words after `:ctx`). */
export interface HandlerContext {
  deps: DispatchDeps;
  get(): DashboardState;
  dispatch(action: Action): void;
  binding?: Binding;
  key?: KeyPress;
  /** What followed a command word (`:ctx prod` → ['prod']). */
  args: string[];
  /** With several contexts, the context the key acts on (its rows', or its dialog's); undefined when none names one. */
  acting?: string;
  say(text: string, tone?: 'info' | 'ok' | 'error', link?: string): void;
  /** Starts an effect without awaiting it (keys keep answering); a rejection becomes an error status. */
  fire(p: Promise<unknown>): void;
  /** Runs another command's handler (a `:` word runs the command it names). */
  run(command: Command, args?: string[]): void;
  /** Rows a page key moves. */
  page(): number;
}

export type Handler = (ctx: HandlerContext) => void;

/** A part of the handler table: one module per part of the keymap (normal.ts beside keymap/normal.ts…). */
export type HandlerPart = Partial<Record<Command, Handler>>;
