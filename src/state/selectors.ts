import { matchesAll } from '../domain/matchers.js';
import type { Alert, Incident, Labels, Silence } from '../domain/types.js';
import type { SkippedRule, SloReport } from '../domain/slo/types.js';
import { alertRows, type AlertRow } from './alertRows.js';
import { parseFilter, passes } from './filter.js';
import { memo } from './memo.js';
import { dueOf } from './response.js';
import type { DashboardState, Pane } from './types.js';

export { memo };
export { alertRows, alertService, prepareFilterTexts, severityRank, shownAlertCount, type AlertRow, type AlertRows } from './alertRows.js';

const haystacks = new WeakMap<object, string>();
function haystackOf(item: object, build: () => string): string {
  let h = haystacks.get(item);
  if (h === undefined) {
    h = build().toLowerCase();
    haystacks.set(item, h);
  }
  return h;
}

const alertText = (a: Alert) => () =>
  haystackOf(a, () => [...Object.values(a.labels), a.annotations.summary ?? '', a.annotations.description ?? ''].join(' '));

export const filteredAlerts = memo((alerts: Alert[], filter: string): Alert[] => {
  const f = parseFilter(filter);
  return alerts.filter((a) => passes(f, a.labels, alertText(a), a.context));
});

const STATUS_RANK = { triggered: 0, acknowledged: 1, resolved: 2 } as const;

function incidentLabels(i: Incident): Labels {
  return {
    status: i.status,
    urgency: i.urgency,
    priority: i.priority ?? '',
    service: i.service.name,
    assignee: i.assignees.map((a) => a.name).join(','),
    title: i.title,
    id: i.id,
  };
}

/**
 * `due`: when each incident's next response target falls; given, the rows go by it, so overdue
 * incidents (whose target has passed) come first. It never changes with the clock, so the order
 * changes only when the data does.
 */
export const incidentRows = memo((incidents: Incident[], filter: string, due?: Map<string, number>): Incident[] => {
  const f = parseFilter(filter);
  const at = (i: Incident) => due?.get(i.id) ?? Number.MAX_SAFE_INTEGER;
  return incidents
    .filter((i) => passes(f, incidentLabels(i), () => haystackOf(i, () => Object.values(incidentLabels(i)).join(' ') + ` #${i.number}`), i.accountContexts ?? i.context))
    .sort((a, b) => at(a) - at(b) || STATUS_RANK[a.status] - STATUS_RANK[b.status] || (a.urgency === b.urgency ? 0 : a.urgency === 'high' ? -1 : 1) || b.createdAt.getTime() - a.createdAt.getTime());
});

/** The incident rows on screen: filtered, most urgent response target first. */
export const incidentRowsOf = (state: DashboardState): Incident[] => incidentRows(state.incidents, state.filter.incidents, dueOf(state));

export interface SilenceRow {
  silence: Silence;
  /** How many current alerts it matches; 0 means it silences nothing (hygiene). */
  matching: number;
}

/** Active and pending silences, expiring soonest first, each with how many current alerts it matches. */
export const silenceRows = memo((silences: Silence[], alerts: Alert[], filter: string): SilenceRow[] => {
  const f = parseFilter(filter);
  return silences
    .filter((s) => s.state !== 'expired')
    .filter((s) =>
      passes(f, Object.fromEntries(s.matchers.map((m) => [m.name, m.value])), () =>
        haystackOf(s, () => [s.id, s.createdBy, s.comment, ...s.matchers.map((m) => `${m.name}=${m.value}`)].join(' ')),
        s.context,
      ),
    )
    .sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime())
    // A silence mutes its own Alertmanager's alerts only: over several contexts, count those of its context.
    .map((silence) => ({ silence, matching: alerts.reduce((n, a) => (a.context === silence.context && matchesAll(silence.matchers, a.labels) ? n + 1 : n), 0) }));
});

/** Worst first: the strip is a few rows tall and a breach must never be the row that is cut off. */
const SLO_URGENCY: Record<SloReport['status'], number> = { critical: 0, breached: 1, error: 2, at_risk: 3, no_data: 4, healthy: 5 };

export const sloRows = memo((slos: SloReport[], filter: string): SloReport[] => {
  const f = parseFilter(filter);
  return slos
    .filter((s) => passes(f, { service: s.service, name: s.name, status: s.status, id: s.id }, () => `${s.name} ${s.service} ${s.status}`.toLowerCase(), s.context))
    .map((s, i) => ({ s, i }))
    .sort((a, b) => SLO_URGENCY[a.s.status] - SLO_URGENCY[b.s.status] || a.i - b.i)
    .map(({ s }) => s);
});

/**
 * What the SLO strip says when it has no rows: how many rules discovery skipped and why, so an empty
 * strip is never silent ("3 SLA rules skipped: no objective; see `oncall slo --skipped`").
 */
export function sloEmptyText(skipped: SkippedRule[], filtered: boolean): string {
  if (filtered) return 'no SLO matches the filter';
  if (skipped.length === 0) return 'no SLOs: none in the config and none discovered (see `oncall slo`)';
  // Every reason starts with a short phrase ("no objective: …"); the strip has room for those only.
  const why = [...new Set(skipped.map((s) => s.reason.split(': ')[0]!))].join(', ');
  const n = skipped.length;
  return `${n} SLA rule${n === 1 ? '' : 's'} skipped: ${why}; see \`oncall slo --skipped\``;
}

export function rowCount(state: DashboardState, pane: Pane): number {
  switch (pane) {
    case 'alerts':
      return alertRows(state.alerts, state.filter.alerts).length;
    case 'incidents':
      return incidentRowsOf(state).length;
    case 'silences':
      return silenceRows(state.silences, state.alerts, state.filter.silences).length;
    case 'slo':
      return sloRows(state.slos, state.filter.slo).length;
  }
}

export function rowKeys(state: DashboardState, pane: Pane): (index: number) => string | undefined {
  switch (pane) {
    case 'alerts': {
      const rows = alertRows(state.alerts, state.filter.alerts);
      return (i) => rows.at(i)?.key;
    }
    case 'incidents': {
      const rows = incidentRowsOf(state);
      return (i) => rows[i]?.id;
    }
    case 'silences': {
      const rows = silenceRows(state.silences, state.alerts, state.filter.silences);
      return (i) => rows[i]?.silence.id;
    }
    case 'slo': {
      const rows = sloRows(state.slos, state.filter.slo);
      return (i) => rows[i]?.id;
    }
  }
}

/** The cursor clamped to the rows that exist now (data may have shrunk since it moved). */
export function cursorOf(state: DashboardState, pane: Pane): number {
  const n = rowCount(state, pane);
  return n === 0 ? 0 : Math.min(Math.max(0, state.cursor[pane]), n - 1);
}

export function selectedAlertRow(state: DashboardState): AlertRow | undefined {
  return alertRows(state.alerts, state.filter.alerts).at(cursorOf(state, 'alerts'));
}

/** Marked alerts if any, else the selected alert or every alert of the selected group. */
export function targetAlerts(state: DashboardState): Alert[] {
  if (state.marks.alerts.length > 0) {
    const marked = new Set(state.marks.alerts);
    return state.alerts.filter((a) => marked.has(a.fingerprint));
  }
  const row = selectedAlertRow(state);
  if (!row) return [];
  return row.kind === 'group' ? row.alerts : [row.alert];
}

export function selectedIncident(state: DashboardState): Incident | undefined {
  return incidentRowsOf(state)[cursorOf(state, 'incidents')];
}

export function targetIncidents(state: DashboardState): Incident[] {
  if (state.marks.incidents.length > 0) {
    const marked = new Set(state.marks.incidents);
    return state.incidents.filter((i) => marked.has(i.id));
  }
  const one = selectedIncident(state);
  return one ? [one] : [];
}

export function selectedSilence(state: DashboardState): SilenceRow | undefined {
  return silenceRows(state.silences, state.alerts, state.filter.silences)[cursorOf(state, 'silences')];
}

export function targetSilences(state: DashboardState): Silence[] {
  if (state.marks.silences.length > 0) {
    const marked = new Set(state.marks.silences);
    return state.silences.filter((s) => marked.has(s.id));
  }
  const one = selectedSilence(state);
  return one ? [one.silence] : [];
}

export function selectedSlo(state: DashboardState): SloReport | undefined {
  return sloRows(state.slos, state.filter.slo)[cursorOf(state, 'slo')];
}

/** Labels with the same value on every alert: the silence form's prefill (differing ones left out). */
export function commonLabels(alerts: Alert[]): Labels {
  const [first, ...rest] = alerts;
  if (!first) return {};
  const out: Labels = {};
  for (const [name, value] of Object.entries(first.labels)) {
    if (rest.every((a) => a.labels[name] === value)) out[name] = value;
  }
  return out;
}

/** Who is on call now, at the lowest escalation level, deduplicated. */
export function onCallNow(state: DashboardState): string[] {
  const now = state.now;
  const names = state.oncalls
    .filter((o) => (!o.start || o.start.getTime() <= now) && (!o.end || o.end.getTime() > now))
    .sort((a, b) => a.level - b.level)
    .filter((o, _i, all) => o.level === all[0]!.level)
    .map((o) => o.user.name);
  return [...new Set(names)];
}
