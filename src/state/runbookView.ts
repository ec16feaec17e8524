import { alertForIncident } from '../domain/runbook/locate.js';
import { allSteps } from '../domain/runbook/parse.js';
import { fillRunbook, templateValues } from '../domain/runbook/template.js';
import type { Runbook, RunbookResult, Step } from '../domain/runbook/types.js';
import type { Alert, Incident } from '../domain/types.js';
import type { RunbookCache } from './runbooks.js';
import { alertService, commonLabels, selectedAlertRow, selectedIncident } from './selectors.js';
import type { DashboardState } from './types.js';

/**
 * What the runbook pane shows for the current selection, shared by the pane (to draw it) and the
 * key handlers (to copy, mark and open what is drawn). Reads the cache only: loading is started by
 * `loadRunbook`, from the UI's effect, never while rendering.
 */

type Values = Pick<Alert, 'labels' | 'annotations' | 'generatorURL'>;

export interface RunbookSubject {
  /** Step cursor and done marks are kept under it: an alert's fingerprint, a group's key, an incident's id. */
  key: string;
  /** Names the selection in the pane title: "HighErrorRate · web-1". */
  label: string;
  /** The alert whose runbook annotation and alertname find the runbook. */
  alert?: Alert;
  /** What fills `{{ $labels.x }}`: the alert, or for a group only the labels all its alerts share. */
  values?: Values;
  /** An incident no firing alert is named in: its service's runbook. */
  incident?: Incident;
}

export interface RunbookView {
  subject?: RunbookSubject;
  /** Undefined until the first load for this runbook lands. */
  result?: RunbookResult;
  /** The runbook with the selection's values filled in. */
  runbook?: Runbook;
  /** Placeholders the selection has no value for: shown marked, listed in the pane. */
  missing: string[];
  /** Every step in reading order; `state.runbook.step` indexes it. */
  steps: Step[];
}

function sharedAnnotations(alerts: Alert[]): Record<string, string> {
  const [first, ...rest] = alerts;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first.annotations).filter(([k, v]) => rest.every((a) => a.annotations[k] === v)));
}

function describe(a: Alert): string {
  const who = a.labels.instance ?? a.labels.pod ?? alertService(a.labels);
  return `${a.labels.alertname ?? '-'} · ${who}`;
}

/** The alert (or group, or incident) the runbook pane follows: the selection of the alerts or incidents list. */
export function runbookSubject(state: DashboardState): RunbookSubject | undefined {
  if (state.focus === 'alerts') {
    const row = selectedAlertRow(state);
    if (!row) return undefined;
    if (row.kind === 'alert') return { key: row.alert.fingerprint, label: describe(row.alert), alert: row.alert, values: row.alert };
    const first = row.alerts[0];
    if (!first) return undefined;
    const values: Values = { labels: commonLabels(row.alerts), annotations: sharedAnnotations(row.alerts), ...(first.generatorURL ? { generatorURL: first.generatorURL } : {}) };
    // A group fills only what its alerts agree on; the rest stays marked rather than showing one alert's host.
    const label = row.alerts.length === 1 ? describe(first) : `${row.alertname} · ${row.alerts.length} alerts`;
    return { key: row.key, label, alert: first, values: row.alerts.length === 1 ? first : values };
  }
  if (state.focus === 'incidents') {
    const incident = selectedIncident(state);
    if (!incident) return undefined;
    const alert = alertForIncident(incident, state.alerts);
    if (alert) return { key: alert.fingerprint, label: `#${incident.number} → ${describe(alert)}`, alert, values: alert };
    return { key: `incident:${incident.id}`, label: `#${incident.number} · ${incident.service.name}`, incident };
  }
  return undefined;
}

function resultFor(state: DashboardState, cache: RunbookCache, subject: RunbookSubject): RunbookResult | undefined {
  if (subject.alert) return cache.get(subject.alert);
  return subject.incident ? cache.getForIncident(subject.incident, state.alerts) : undefined;
}

/** Starts the selection's runbook loading unless it is cached or on its way. Never rejects. */
export function loadRunbook(state: DashboardState, cache: RunbookCache, subject: RunbookSubject): void {
  if (resultFor(state, cache, subject)) return;
  if (subject.alert) void cache.load(subject.alert);
  else if (subject.incident) void cache.loadForIncident(subject.incident, state.alerts);
}

// Filling is per selection and render; the last fill per runbook is kept, keyed by the values used.
const fills = new WeakMap<RunbookResult, { key: string; runbook: Runbook; missing: string[] }>();

function filled(result: RunbookResult, values: Values | undefined, ascii: boolean): { runbook?: Runbook; missing: string[] } {
  if (!result.runbook) return { missing: [] };
  const v: Values = values ?? { labels: {}, annotations: {} };
  const key = JSON.stringify([v.labels, v.annotations, v.generatorURL ?? '', ascii]);
  const hit = fills.get(result);
  if (hit?.key === key) return hit;
  const f = fillRunbook(result.runbook, templateValues(v), { ascii });
  const entry = { key, runbook: f.value, missing: f.missing };
  fills.set(result, entry);
  return entry;
}

export function runbookView(state: DashboardState, cache: RunbookCache | undefined, opts: { ascii?: boolean } = {}): RunbookView {
  const subject = runbookSubject(state);
  if (!subject || !cache) return { ...(subject ? { subject } : {}), missing: [], steps: [] };
  const result = resultFor(state, cache, subject);
  if (!result) return { subject, missing: [], steps: [] };
  const { runbook, missing } = filled(result, subject.values, opts.ascii ?? false);
  return { subject, result, ...(runbook ? { runbook } : {}), missing, steps: runbook ? allSteps(runbook).map((s) => s.step) : [] };
}

/** The selected step's index, clamped: a step index kept from a longer runbook, or another selection, starts over. */
export function selectedStep(state: DashboardState, view: RunbookView): number {
  if (!view.subject || view.steps.length === 0) return 0;
  const step = state.runbook.subject === view.subject.key ? state.runbook.step : 0;
  return Math.min(step, view.steps.length - 1);
}
