import type { Alert, Labels } from '../domain/types.js';
import { splitByContext } from './contextParts.js';
import { ContextSearch } from './contextSearch.js';
import { memo } from './memo.js';

/**
 * The alert list's groups: alerts grouped by alertname and service (one group per context), worst
 * first, each group a header row and its alerts' rows, made once per answer and kept per context
 * (src/state/alertRows.ts reads them, a filter drops alerts from them).
 */

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
/** A group's ranks until its context's are made (contextGroups). */
const NO_RANKS = new Uint8Array(0);
const IDENTITY_LABELS = ['instance', 'pod', 'host', 'node', 'container', 'device', 'job'];

/** What tells an alert apart from the others of its group: the labels whose values differ. */
function distinctLabels(alert: Alert, group: Alert[], differing: string[]): string {
  if (group.length === 1 || differing.length === 0) {
    const name = IDENTITY_LABELS.find((n) => alert.labels[n]);
    return name ? alert.labels[name]! : '';
  }
  return differing.map((n) => (n === 'instance' || n === 'pod' ? alert.labels[n] ?? '' : `${n}=${alert.labels[n] ?? ''}`)).join(' ');
}

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
  /** Where its alerts start in its context's order (its groups' lists one after the other). */
  first: number;
  /** Its context's severity ranks, alert by alert in the context's order (ContextGroups.ranks). */
  ranks: Uint8Array;
  /** Its alertname and service pair's place by name, and the pair order that place is in (pairRanks). */
  pair: number;
  pairsSeen: Map<string, number> | undefined;
}

/** One context's groups, kept while its answer stands, with the texts free-text filters look in. */
interface ContextGroups {
  alerts: Alert[];
  groups: Group[];
  search: ContextSearch;
  /** Each alert's severity rank in the context's order: the grouping of every context reads these, not 80,000 alerts' labels. */
  ranks: Uint8Array;
  /** What its groups' places by name (byName) were last computed with: the pair order, the context's rank and how many contexts. */
  placed?: { pairs: Map<string, number>; rank: number; of: number };
}

/** Every alert in display order (each group's list one after the other), and each group's first index in it. */
export interface Grouping {
  groups: Group[];
  alerts: Alert[];
  starts: Int32Array;
  /** Flat copies for filters, which then touch no group or row object they do not keep: each alert's row (in display order), */
  rowAt: AlertRow[];
  /** each group's header row, the groups' indices by name alone, */
  heads: GroupRow[];
  nameOrder: Int32Array;
  /** and each alert's severity rank (a group's is its first alert's: they are worst first). */
  ranks: Uint8Array;
  /** Each context's search, its name, and where each of its alerts (in the context's order) is in display order. */
  contexts: Array<{ search: ContextSearch; name: string; where: Int32Array }>;
}

/**
 * The indices 0..n-1 in the order of their slots (distinct numbers below `size`): each goes to its
 * own slot, no comparison sort.
 */
function slotOrder(n: number, size: number, slotOf: (i: number) => number): Int32Array {
  const slot = new Int32Array(size).fill(-1);
  for (let i = 0; i < n; i++) slot[slotOf(i)] = i;
  const order = new Int32Array(n);
  let w = 0;
  for (const i of slot) if (i !== -1) order[w++] = i;
  return order;
}

/** The groups' indices (in display order) by name alone: their places by name are distinct. */
function nameOrderOf(groups: Group[]): Int32Array {
  let max = -1;
  for (const g of groups) max = Math.max(max, g.byName);
  return slotOrder(groups.length, max + 1, (gi) => groups[gi]!.byName);
}

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

export type GroupRow = Extract<AlertRow, { kind: 'group' }>;

const byRank = (x: { rank: number; byName: number }, y: { rank: number; byName: number }) => x.rank - y.rank || x.byName - y.byName;

/** One context's groups (or all, with one context), each alert list worst first, with its rows. */
function buildGroups(alerts: Alert[], previous: Group[] = []): Group[] {
  // The groups of the context's last answer by their alerts: a group whose alerts are all still there
  // and none added (a poll hands on the alerts that show nothing new, src/state/keepUnchanged.ts) is
  // kept with its rows, so a poll that changed a few alerts makes only their groups again.
  const groupOf = new Map<Alert, Group>();
  for (const g of previous) for (const a of g.list) groupOf.set(a, g);
  const lists = new Map<string, Alert[]>();
  for (const a of alerts) {
    // Over several contexts a group is one context's: what is done to it goes to that context only.
    const key = `${a.context === undefined ? '' : `${a.context}\u0000`}${a.labels.alertname ?? '-'}\u0000${alertService(a.labels)}`;
    const list = lists.get(key);
    if (list) list.push(a);
    else lists.set(key, [a]);
  }
  return [...lists.entries()].map(([key, grown]) => {
    const kept = groupOf.get(grown[0]!);
    if (kept && kept.list.length === grown.length && grown.every((a) => groupOf.get(a) === kept)) return kept;
    const list = grown.slice(); // exact size: see rowsOf
    list.sort((x, y) => severityRank(x.labels.severity) - severityRank(y.labels.severity) || y.startsAt.getTime() - x.startsAt.getTime());
    const first = list[0]!;
    const alertname = first.labels.alertname ?? '-';
    const service = alertService(first.labels);
    const rows = rowsOf(key, list, alertname, service, first.context);
    return { key, list, alertname, service, context: first.context, rank: severityRank(first.labels.severity), byName: 0, rows, first: 0, ranks: NO_RANKS, pair: 0, pairsSeen: undefined };
  });
}

/** Each context's last groups: a poll of one context groups that context's alerts again, not every context's. */
const groupsByContext = new Map<string | undefined, ContextGroups>();

function contextGroups(context: string | undefined, alerts: Alert[]): ContextGroups {
  const last = groupsByContext.get(context);
  if (last && (last.alerts === alerts || (last.alerts.length === alerts.length && last.alerts.every((a, i) => a === alerts[i])))) return last;
  const groups = buildGroups(alerts, last?.groups);
  const order: Alert[] = [];
  const ranks = new Uint8Array(alerts.length);
  for (const g of groups) {
    g.first = order.length;
    g.ranks = ranks;
    for (const a of g.list) ranks[order.push(a) - 1] = severityRank(a.labels.severity);
  }
  const made = { alerts, groups, search: new ContextSearch(order), ranks };
  groupsByContext.set(context, made);
  return made;
}

/** Where each alertname and service pair goes by name; sorted again only when a pair is new. */
let pairOrder = new Map<string, number>();

function pairRanks(made: ContextGroups[]): Map<string, number> {
  const pair = (g: Group) => `${g.alertname}\u0000${g.service}`;
  // A context placed in this order before has its pairs in it, and so has a group placed in it: only the others are looked up.
  if (made.every((c) => c.placed?.pairs === pairOrder || c.groups.every((g) => g.pairsSeen === pairOrder || pairOrder.has(pair(g))))) return pairOrder;
  const pairs = new Map<string, Group>();
  for (const c of made) for (const g of c.groups) pairs.set(pair(g), g);
  const sorted = [...pairs.entries()].sort(([, x], [, y]) => x.alertname.localeCompare(y.alertname) || x.service.localeCompare(y.service));
  pairOrder = new Map(sorted.map(([k], i) => [k, i]));
  return pairOrder;
}

/**
 * The groups of every alert, in display order, built once per answer: a filter then only drops
 * alerts from them (at 80,000 alerts, grouping again at every key typed took half a second). Order:
 * worst severity first, then alertname, service and context.
 */
export const groupingOf = memo((alerts: Alert[]): Grouping => {
  const byContext = splitByContext(alerts);
  for (const name of groupsByContext.keys()) if (!byContext.has(name)) groupsByContext.delete(name);
  const contexts = [...byContext.keys()].sort((x, y) => (x ?? '').localeCompare(y ?? ''));
  const made = contexts.map((name) => contextGroups(name, byContext.get(name)!));
  const pairs = pairRanks(made);
  made.forEach((c, rank) => {
    // A context whose groups were placed with this pair order, at this rank among as many contexts, keeps their places.
    if (c.placed && c.placed.pairs === pairs && c.placed.rank === rank && c.placed.of === made.length) return;
    for (const g of c.groups) {
      if (g.pairsSeen !== pairs) (g.pair = pairs.get(`${g.alertname}\u0000${g.service}`)!), (g.pairsSeen = pairs);
      g.byName = g.pair * made.length + rank;
    }
    c.placed = { pairs, rank, of: made.length };
  });
  const groups = byRankThenName(made.flatMap((c) => c.groups));
  const starts = new Int32Array(groups.length + 1);
  const ordered = new Array<Alert>(alerts.length);
  const rowAt = new Array<AlertRow>(alerts.length);
  const heads = new Array<GroupRow>(groups.length);
  const ranks = new Uint8Array(alerts.length);
  let w = 0;
  groups.forEach((g, i) => {
    starts[i] = w;
    heads[i] = g.rows[0] as GroupRow;
    ranks.set(g.ranks.subarray(g.first, g.first + g.list.length), w);
    for (let j = 0; j < g.list.length; j++, w++) {
      ordered[w] = g.list[j]!;
      rowAt[w] = g.rows[j + 1]!;
    }
  });
  starts[groups.length] = w;
  const where = new Map(made.map((c) => [c.groups[0]?.context, new Int32Array(c.alerts.length)]));
  groups.forEach((g, i) => {
    const to = where.get(g.context)!;
    for (let j = 0; j < g.list.length; j++) to[g.first + j] = starts[i]! + j;
  });
  return { groups, alerts: ordered, starts, rowAt, heads, nameOrder: nameOrderOf(groups), ranks, contexts: made.map((c) => ({ search: c.search, name: c.groups[0]?.context ?? '', where: where.get(c.groups[0]?.context)! })) };
});

/**
 * The groups worst first, then by name (alertname, service, context): each group's (rank, byName) is
 * its own, and both are small numbers, so each goes to its own slot (no comparison sort: sorting
 * 35,000 groups at every poll took 50-80 ms).
 */
function byRankThenName(groups: Group[]): Group[] {
  let maxRank = 0;
  let maxName = 0;
  for (const g of groups) (maxRank = Math.max(maxRank, g.rank)), (maxName = Math.max(maxName, g.byName));
  const width = maxName + 1;
  if ((maxRank + 1) * width > 8 * groups.length + 1024) return groups.slice().sort(byRank);
  return Array.from(slotOrder(groups.length, (maxRank + 1) * width, (i) => groups[i]!.rank * width + groups[i]!.byName), (i) => groups[i]!);
}
