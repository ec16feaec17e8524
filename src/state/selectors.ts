import { matchesAll, matcherMatchesValue } from '../domain/matchers.js';
import type { Alert, Incident, Labels, Silence } from '../domain/types.js';
import type { SkippedRule, SloReport } from '../domain/slo/types.js';
import { parseFilter, passes, type ParsedFilter } from './filter.js';
import { memo } from './memo.js';
import { dueOf } from './response.js';
import type { DashboardState, Pane } from './types.js';

export { memo };

const SEVERITY_RANK: Record<string, number> = { critical: 0, page: 0, error: 1, high: 1, warning: 2, warn: 2, info: 3, low: 3, none: 4 };
export function severityRank(sev: string | undefined): number {
  return SEVERITY_RANK[(sev ?? '').toLowerCase()] ?? 3;
}

export function alertService(labels: Labels): string {
  return labels.service ?? labels.job ?? labels.namespace ?? '-';
}

export type AlertRow =
  | { kind: 'group'; key: string; alertname: string; service: string; severity: string; alerts: Alert[]; context?: string }
  | { kind: 'alert'; key: string; alert: Alert; groupKey: string; distinct: string };

const SAME_IN_GROUP = new Set(['alertname', 'service', 'severity']);
const IDENTITY_LABELS = ['instance', 'pod', 'host', 'node', 'container', 'device', 'job'];

/** What tells an alert apart from the others of its group: the labels whose values differ. */
function distinctLabels(alert: Alert, group: Alert[], differing: string[]): string {
  if (group.length === 1 || differing.length === 0) {
    const name = IDENTITY_LABELS.find((n) => alert.labels[n]);
    return name ? alert.labels[name]! : '';
  }
  return differing.map((n) => (n === 'instance' || n === 'pod' ? alert.labels[n] ?? '' : `${n}=${alert.labels[n] ?? ''}`)).join(' ');
}

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

/** Alerts grouped by alertname and service, worst severity first; each group is a header row. */
export const alertRows = (alerts: Alert[], filter: string): AlertRow[] => (filter === '' ? unfilteredRows(alerts) : filteredRows(alerts, filter));

/** One group of the unfiltered list: its alerts worst first, its rows, and its place by name alone. */
interface Group {
  key: string;
  alertname: string;
  service: string;
  context?: string;
  list: Alert[];
  rank: number;
  /** Position when sorted by alertname, service and context only: with the severity rank, the display order. */
  byName: number;
  rows: AlertRow[];
  /** Each alert's text for free-text filters (as `list`): made once for the group, which lives while its context's answer does. */
  texts?: string[];
}

/** Every alert in display order (each group's list one after the other), and each group's first index in it. */
interface Grouping {
  groups: Group[];
  alerts: Alert[];
  starts: Int32Array;
  /** Label values in display order, by label name, made as filters name them. */
  columns: Map<string, string[]>;
}

/** What free text is looked for in: every label value, the summary and the description, in lower case. */
function textOf(a: Alert): string {
  return [...Object.values(a.labels), a.annotations.summary ?? '', a.annotations.description ?? ''].join(' ').toLowerCase();
}

const textsOf = (g: Group): string[] => (g.texts ??= g.list.map(textOf));

function rowsOf(key: string, list: Alert[], alertname: string, service: string, context: string | undefined): AlertRow[] {
  const groupKey = `g:${key}`;
  // Sized up front: a list grown by push keeps room for 17 rows, and most groups have two or three.
  const rows = new Array<AlertRow>(list.length + 1);
  rows[0] = { kind: 'group', key: groupKey, alertname, service, severity: list[0]!.labels.severity ?? '', alerts: list, ...(context !== undefined ? { context } : {}) };
  const names = new Set(list.flatMap((a) => Object.keys(a.labels)));
  const differing = [...names].filter((n) => !SAME_IN_GROUP.has(n) && list.some((a) => a.labels[n] !== list[0]!.labels[n])).sort();
  list.forEach((a, i) => (rows[i + 1] = { kind: 'alert', key: a.fingerprint, alert: a, groupKey, distinct: distinctLabels(a, list, differing) }));
  return rows;
}

const byRank = (x: { rank: number; byName: number }, y: { rank: number; byName: number }) => x.rank - y.rank || x.byName - y.byName;

/** One context's groups (or all, with one context), each alert list worst first, with its rows. */
function buildGroups(alerts: Alert[]): Group[] {
  const lists = new Map<string, Alert[]>();
  for (const a of alerts) {
    // Over several contexts a group is one context's: what is done to it goes to that context only.
    const key = `${a.context === undefined ? '' : `${a.context}\u0000`}${a.labels.alertname ?? '-'}\u0000${alertService(a.labels)}`;
    const list = lists.get(key);
    if (list) list.push(a);
    else lists.set(key, [a]);
  }
  return [...lists.entries()].map(([key, grown]) => {
    const list = grown.slice(); // exact size: see rowsOf
    list.sort((x, y) => severityRank(x.labels.severity) - severityRank(y.labels.severity) || y.startsAt.getTime() - x.startsAt.getTime());
    const first = list[0]!;
    const alertname = first.labels.alertname ?? '-';
    const service = alertService(first.labels);
    return { key, list, alertname, service, context: first.context, rank: severityRank(first.labels.severity), byName: 0, rows: rowsOf(key, list, alertname, service, first.context) };
  });
}

/** Each context's last groups: a poll of one context groups that context's alerts again, not every context's. */
const groupsByContext = new Map<string | undefined, { alerts: Alert[]; groups: Group[] }>();

function contextGroups(context: string | undefined, alerts: Alert[]): Group[] {
  const last = groupsByContext.get(context);
  if (last && last.alerts.length === alerts.length && last.alerts.every((a, i) => a === alerts[i])) return last.groups;
  const groups = buildGroups(alerts);
  groupsByContext.set(context, { alerts, groups });
  return groups;
}

/** Where each alertname and service pair goes by name; sorted again only when a pair is new. */
let pairOrder = new Map<string, number>();

function pairRanks(groups: Group[]): Map<string, number> {
  const pair = (g: Group) => `${g.alertname}\u0000${g.service}`;
  if (groups.every((g) => pairOrder.has(pair(g)))) return pairOrder;
  const pairs = new Map<string, Group>();
  for (const g of groups) pairs.set(pair(g), g);
  const sorted = [...pairs.entries()].sort(([, x], [, y]) => x.alertname.localeCompare(y.alertname) || x.service.localeCompare(y.service));
  pairOrder = new Map(sorted.map(([k], i) => [k, i]));
  return pairOrder;
}

/**
 * The groups of every alert, in display order, built once per answer: a filter then only drops
 * alerts from them (at 80,000 alerts, grouping again at every key typed took half a second). Order:
 * worst severity first, then alertname, service and context.
 */
const groupingOf = memo((alerts: Alert[]): Grouping => {
  const byContext = new Map<string | undefined, Alert[]>();
  for (const a of alerts) {
    const list = byContext.get(a.context);
    if (list) list.push(a);
    else byContext.set(a.context, [a]);
  }
  for (const name of groupsByContext.keys()) if (!byContext.has(name)) groupsByContext.delete(name);
  const contexts = [...byContext.keys()].sort((x, y) => (x ?? '').localeCompare(y ?? ''));
  const groups = contexts.flatMap((name) => contextGroups(name, byContext.get(name)!));
  const ranks = pairRanks(groups);
  const contextRank = new Map(contexts.map((name, i) => [name, i]));
  for (const g of groups) g.byName = ranks.get(`${g.alertname}\u0000${g.service}`)! * contexts.length + contextRank.get(g.context)!;
  groups.sort(byRank);
  const starts = new Int32Array(groups.length + 1);
  const ordered: Alert[] = [];
  groups.forEach((g, i) => {
    starts[i] = ordered.length;
    for (const a of g.list) ordered.push(a);
  });
  starts[groups.length] = ordered.length;
  return { groups, alerts: ordered, starts, columns: new Map() };
});

const unfilteredRows = memo((alerts: Alert[]): AlertRow[] => groupingOf(alerts).groups.flatMap((g) => g.rows));

const shownCounts = new WeakMap<AlertRow[], number>();

/** How many alerts the list shows under the filter (the pane title's "N of M"). */
export const shownAlertCount = (alerts: Alert[], filter: string): number => (filter === '' ? alerts.length : shownCounts.get(alertRows(alerts, filter)) ?? 0);

/** One label's values in display order, made when a filter first names the label. */
function columnOf(g: Grouping, name: string): string[] {
  let column = g.columns.get(name);
  if (!column) {
    column = name === '\u0000context' ? g.alerts.map((a) => a.context ?? '') : g.alerts.map((a) => a.labels[name] ?? '');
    g.columns.set(name, column);
  }
  return column;
}

/**
 * Which alerts of the grouping pass (as `passes` decides), a label or the text at a time over flat
 * arrays: at 80,000 alerts, walking group by group and alert by alert cost 100 ms a key typed.
 */
function passing(f: ParsedFilter, g: Grouping): Uint8Array {
  const n = g.alerts.length;
  const out = new Uint8Array(n).fill(1);
  if (f.matchers) {
    for (const m of f.matchers) {
      const column = columnOf(g, m.name);
      for (let i = 0; i < n; i++) if (out[i] && !matcherMatchesValue(m, column[i]!)) out[i] = 0;
    }
  } else if (f.text !== '') {
    g.groups.forEach((group, gi) => {
      const texts = textsOf(group);
      const start = g.starts[gi]!;
      for (let i = 0; i < texts.length; i++) if (!texts[i]!.includes(f.text)) out[start + i] = 0;
    });
  }
  if (f.invert && (f.matchers || f.text !== '')) for (let i = 0; i < n; i++) out[i] = 1 - out[i]!;
  for (const m of f.contexts ?? []) {
    const column = columnOf(g, '\u0000context');
    for (let i = 0; i < n; i++) if (out[i] && !matcherMatchesValue(m, column[i]!)) out[i] = 0;
  }
  return out;
}

/**
 * Makes the free-text filter's texts ahead of the first key typed, a slice at a time (until
 * `budgetMs` has passed): at 80,000 alerts making them all took 300 ms, and that was the first key's
 * frame. Groups of contexts whose answer did not change keep theirs. True when none is left to make.
 */
export function prepareFilterTexts(alerts: Alert[], budgetMs: number): boolean {
  const until = performance.now() + budgetMs;
  for (const g of groupingOf(alerts).groups) {
    if (g.texts) continue;
    if (performance.now() > until) return false;
    textsOf(g);
  }
  return true;
}

/**
 * The filtered list from the groups: a group whose alerts all pass keeps its rows, one that lost
 * its worst alert may move down, and when every alert passes the unfiltered rows are the answer.
 */
const filteredRows = memo((alerts: Alert[], filter: string): AlertRow[] => {
  const grouping = groupingOf(alerts);
  const pass = passing(parseFilter(filter), grouping);
  const { groups, starts } = grouping;
  const kept: { rank: number; byName: number; rows: AlertRow[] }[] = [];
  let moved = false;
  let count = 0;
  groups.forEach((g, gi) => {
    const start = starts[gi]!;
    const end = starts[gi + 1]!;
    let n = 0;
    for (let i = start; i < end; i++) n += pass[i]!;
    count += n;
    if (n === end - start) kept.push(g);
    else if (n > 0) {
      // The alerts' rows stay as they were (what tells them apart in the whole group), so rows do not change their text as a filter is typed.
      const alertRowsKept = g.rows.filter((_, i) => i > 0 && pass[start + i - 1] === 1);
      const list = alertRowsKept.map((r) => (r as Extract<AlertRow, { kind: 'alert' }>).alert);
      const rank = severityRank(list[0]!.labels.severity);
      moved ||= rank !== g.rank;
      kept.push({ rank, byName: g.byName, rows: [{ ...(g.rows[0] as Extract<AlertRow, { kind: 'group' }>), severity: list[0]!.labels.severity ?? '', alerts: list }, ...alertRowsKept] });
    }
  });
  if (count === alerts.length) {
    const every = unfilteredRows(alerts);
    shownCounts.set(every, count);
    return every;
  }
  if (moved) kept.sort(byRank);
  const rows: AlertRow[] = [];
  for (const g of kept) for (const r of g.rows) rows.push(r);
  shownCounts.set(rows, count);
  return rows;
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
    .filter((i) => passes(f, incidentLabels(i), () => haystackOf(i, () => Object.values(incidentLabels(i)).join(' ') + ` #${i.number}`), i.context))
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
    .map((silence) => ({ silence, matching: alerts.reduce((n, a) => (matchesAll(silence.matchers, a.labels) ? n + 1 : n), 0) }));
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
      return (i) => rows[i]?.key;
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
  return alertRows(state.alerts, state.filter.alerts)[cursorOf(state, 'alerts')];
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
