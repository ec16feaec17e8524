import type { ErrorKind } from '../domain/errors.js';
import type { Alert, Incident, OnCall, Silence } from '../domain/types.js';
import type { RoutingTree } from '../domain/routing.js';
import type { SkippedRule, SloReport } from '../domain/slo/types.js';
import type { Escalation } from './policies.js';
import type { DashboardState } from './types.js';
import type { ConfirmState, LastSilence, Mode, Pane, SheetState, SilenceFormState, SourceName, StatusMessage, View } from './types.js';

/**
 * Everything that can change the dashboard. Pollers, effects and keys all speak this language. `context`
 * on a poll's action names the context it came from in a dashboard over several (see fleet.ts).
 */
export type Action =
  | { type: 'tick'; now: number }
  | { type: 'pollStarted'; context?: string; source: SourceName; at: number }
  | { type: 'pollOk'; context?: string; source: SourceName; at: number; latencyMs: number; slow: boolean; nextAttemptAt?: number }
  | { type: 'pollFailed'; context?: string; source: SourceName; at: number; latencyMs: number; message: string; kind: ErrorKind; nextAttemptAt?: number }
  | { type: 'peers'; context?: string; peers: Array<{ name: string; ok: boolean }> }
  | { type: 'alertsLoaded'; context?: string; alerts: Alert[]; silences: Silence[] }
  | { type: 'incidentsLoaded'; context?: string; incidents: Incident[]; oncalls: OnCall[]; escalation?: Escalation }
  | { type: 'routesLoaded'; context?: string; routes: RoutingTree }
  | { type: 'timeline'; timeline?: DashboardState['timeline'] }
  | { type: 'notes'; notes?: DashboardState['notes'] }
  | { type: 'sloHistory'; sloHistory?: DashboardState['sloHistory'] }
  | { type: 'slosLoaded'; context?: string; slos: SloReport[]; skipped?: SkippedRule[] }
  | { type: 'paused'; paused: boolean }
  | { type: 'focus'; pane: Pane }
  | { type: 'focusNext'; step: 1 | -1 }
  | { type: 'view'; view: View }
  | { type: 'toggleMaximize' }
  | { type: 'detail'; open: boolean }
  | { type: 'detailScroll'; delta: number; max?: number }
  | { type: 'detailMaximize' }
  | { type: 'helpScroll'; delta: number }
  /** Opens (or updates) the report or handover view; without `sheet`, closes it. */
  | { type: 'sheet'; sheet?: SheetState }
  | { type: 'sheetScroll'; delta: number; max?: number }
  | { type: 'move'; delta: number }
  | { type: 'moveTo'; where: 'top' | 'bottom' }
  | { type: 'toggleMark' }
  | { type: 'clearMarks'; pane?: Pane }
  /** Unmarks the rows a bulk write already handled, so a retry only touches the rest. */
  | { type: 'unmark'; pane: Pane; keys: string[] }
  | { type: 'mode'; mode: Mode; input?: string }
  | { type: 'input'; text: string }
  | { type: 'clearFilter' }
  | { type: 'confirmOpen'; confirm: Omit<ConfirmState, 'focus'> }
  | { type: 'confirmFocus'; focus: 0 | 1 }
  | { type: 'close' }
  | { type: 'silenceFormOpen'; form: SilenceFormState }
  | { type: 'silenceFormEdit'; patch: Partial<SilenceFormState> }
  | { type: 'noteOpen'; ids: string[] }
  | { type: 'askOpen'; ask: { command: string; ids: string[]; label: string } }
  | { type: 'status'; text: string; tone: StatusMessage['tone']; link?: string; source?: SourceName }
  | { type: 'runbookFocus'; focused: boolean }
  | { type: 'runbookStep'; subject: string; step: number }
  | { type: 'runbookShift'; subject: string; shift: number }
  | { type: 'busy'; command: string; on: boolean }
  | { type: 'incidentsChanged'; incidents: Incident[] }
  | { type: 'silenceCreated'; last: LastSilence; silence?: Silence }
  | { type: 'silenceExpired'; id: string }
  | { type: 'silenceExtended'; oldId: string; id: string; endsAt: Date }
  | { type: 'lastSilenceCleared' }
  | { type: 'acting'; name?: string };
