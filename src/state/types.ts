import type { ErrorKind } from '../domain/errors.js';
import type { Alert, Incident, IncidentNote, Matcher, OnCall, Silence } from '../domain/types.js';
import type { RoutingTree } from '../domain/routing.js';
import type { ResponseTargets } from '../domain/response.js';
import type { TimelineEvent } from '../domain/timeline.js';
import type { Escalation } from './policies.js';
import type { SkippedRule, SloReport } from '../domain/slo/types.js';
import type { SloHistory } from '../domain/slo/history.js';
import type { Handover } from '../domain/handover.js';
import type { IncidentReport } from '../domain/report.js';

export type SourceName = 'alertmanager' | 'pagerduty' | 'prometheus';

/** 'off' = not configured; 'unknown' = no answer yet. Health is data so the header can explain it. */
export type HealthStatus = 'off' | 'unknown' | 'ok' | 'slow' | 'failing';

export interface SourceHealth {
  status: HealthStatus;
  inFlight: boolean;
  /** When the running poll started; lets the header say "slow" before the answer arrives. */
  inFlightSince?: number;
  lastOkAt?: number;
  failingSince?: number;
  lastError?: string;
  lastErrorKind?: ErrorKind;
  lastLatencyMs?: number;
  nextAttemptAt?: number;
  /** Per-peer detail for an Alertmanager cluster, e.g. "am-2 down". */
  peers?: Array<{ name: string; ok: boolean }>;
}

export type Pane = 'slo' | 'alerts' | 'incidents' | 'silences';
export type View = 'main' | 'silences';
export type Mode = 'normal' | 'filter' | 'command' | 'help' | 'confirm' | 'silenceForm' | 'note' | 'ask' | 'sheet';

export interface StatusMessage {
  text: string;
  tone: 'info' | 'ok' | 'error';
  at: number;
  /** Shown after the text as an OSC 8 hyperlink, or printed as is where hyperlinks are off. */
  link?: string;
  /** The source whose failure this reports: the message stays while that source is failing. */
  source?: SourceName;
}

export interface ConfirmState {
  command: string;
  title: string;
  message: string;
  ids: string[];
  /** What was typed before the confirmation (a level, an email, a duration, a priority, a schedule). */
  value?: string;
  /** 0 = Cancel (the default focus), 1 = the action. */
  focus: 0 | 1;
}

export type DurationPreset = '15m' | '1h' | '4h' | 'custom';
export const DURATION_PRESETS: readonly DurationPreset[] = ['15m', '1h', '4h', 'custom'];
export type SilenceField = 'matchers' | 'duration' | 'start' | 'comment';
export const SILENCE_FIELDS: readonly SilenceField[] = ['matchers', 'duration', 'start', 'comment'];

export interface SilenceFormState {
  matchersText: string;
  preset: DurationPreset;
  customDuration: string;
  startText: string;
  comment: string;
  field: SilenceField;
  /** Why the last submit was refused or failed; the form stays open so nothing typed is lost. */
  error?: string;
  submitting: boolean;
  /** The user was told the silence matches no firing alert; the next submit creates it anyway. */
  emptyAcknowledged?: boolean;
}

/** The runbook pane: which step is selected and how far code lines are scrolled sideways. */
export interface RunbookPaneState {
  /** A runbook source is wired in (the CLI always wires one; some tests do not). */
  enabled: boolean;
  /** Keys go to the runbook pane; `state.focus` still names the list whose selection it follows. */
  focused: boolean;
  /** The selection `step` and `shift` belong to; another selection starts at its first step. */
  subject?: string;
  /** Index into the runbook's steps in reading order. */
  step: number;
  /** Columns the code lines are scrolled left by (commands are never wrapped). */
  shift: number;
}

/** `:report` and `:handover`: a view over the whole body, read when it opens and again on `r`. */
export interface SheetState {
  kind: 'report' | 'handover';
  /** The period asked for (`:report 7d`), as typed: the default when nothing was. */
  span: string;
  /** Which read the answer must belong to: a late answer for a closed or reopened view is dropped. */
  request: number;
  loading: boolean;
  /** The read failed: said in the view; the rest of the dashboard goes on polling. */
  error?: string;
  report?: IncidentReport;
  handover?: Handover;
  /** First line shown. */
  scroll: number;
}

export interface LastSilence {
  id: string;
  matchers: Matcher[];
  /** With several contexts: the one whose Alertmanager holds it (undo goes there). */
  context?: string;
}

/** One context of a dashboard over several (`--context a,b`, `--fleet NAME`). */
export interface FleetContext {
  name: string;
  readOnly: boolean;
  readOnlyReason?: string;
  sources: Record<SourceName, SourceHealth>;
  /** The context whose PagerDuty poller serves this one: contexts sharing an account share one poller. */
  pagerdutyVia?: string;
  sloSkipped?: SkippedRule[];
  /** The escalation policies its PagerDuty poll read; the state's `escalation` is every context's together. */
  escalation?: Escalation;
}

/** One SLO's history, read when its details open (two range queries), kept while they stay open. */
export interface SloHistoryView {
  sloId: string;
  rangeMs: number;
  loading: boolean;
  history?: SloHistory;
  error?: string;
}

export interface IncidentNotes {
  incidentId: string;
  loading: boolean;
  notes: IncidentNote[];
  error?: string;
}

export interface DashboardState {
  now: number;
  /** With several contexts: their names joined, read-only only when every one is. responseTargets: the context's `response_targets` (DEFAULT_RESPONSE_TARGETS when absent). */
  context: { name: string; isProd: boolean; readOnly: boolean; readOnlyReason?: string; author: string; responseTargets?: ResponseTargets };
  /** With several contexts: each as listed. `sources` is then the worst of each source across them. */
  fleet?: FleetContext[];
  sources: Record<SourceName, SourceHealth>;
  alerts: Alert[];
  silences: Silence[];
  incidents: Incident[];
  oncalls: OnCall[];
  /** The triggered incidents' escalation policies (when each escalates next), and those not read. */
  escalation?: Escalation;
  /** `t`: what happened to the selection lately, shown in the details pane while it is open. */
  timeline?: { title: string; loading: boolean; events: TimelineEvent[]; failures: string[] };
  /** One incident's notes, read when its details open (newest first); gone when they close. */
  notes?: IncidentNotes;
  /** The selected SLO's breaches and bad stretches, read when its details open; gone when they close. */
  sloHistory?: SloHistoryView;
  /** Alertmanager's routing tree, which joins alert groups to the incidents they opened. */
  routes?: RoutingTree;
  /** With several contexts: each one's routing tree (`routes` stays unset). */
  fleetRoutes?: Record<string, RoutingTree>;
  slos: SloReport[];
  /** Rules discovery did not take, and why: the empty SLO strip says how many. */
  sloSkipped: SkippedRule[];
  view: View;
  focus: Pane;
  maximized: boolean;
  /** The detail pane takes the body (enter); esc closes it. */
  detail: boolean;
  /** In the details view: the first line shown (j/k scroll it), and z giving it the whole body. */
  detailScroll: number;
  detailMaximized: boolean;
  /** First line of the help overlay shown (it scrolls on small terminals). */
  helpScroll: number;
  /** Cursor per pane, an index into that pane's visible rows. */
  cursor: Record<Pane, number>;
  /** Marked ids per pane (alert fingerprints, incident ids, silence ids). */
  marks: Record<Pane, string[]>;
  filter: Record<Pane, string>;
  mode: Mode;
  /** The line being typed in filter, command or note mode. */
  input: string;
  /** Why the filter being typed does not parse; the list keeps the last filter that did. */
  filterError?: string;
  confirm?: ConfirmState;
  silenceForm?: SilenceFormState;
  /** The incident ids a note being typed goes to. */
  noteTargets?: string[];
  /** The line that asks for an escalation level, an email, a duration or a priority, and for which incidents. */
  ask?: { command: string; ids: string[]; label: string };
  status?: StatusMessage;
  sheet?: SheetState;
  paused: boolean;
  lastSilence?: LastSilence;
  /** With several contexts: the one the open dialog (confirmation, form, note, asked value) acts on. */
  acting?: string;
  /** Write actions in flight, by command, so a second press does nothing. */
  busy: string[];
  runbook: RunbookPaneState;
}
