import { matcherMatchesValue } from '../domain/matchers.js';
import type { Alert, Labels } from '../domain/types.js';
import { splitByContext } from './contextParts.js';
import { ContextSearch } from './contextSearch.js';
import { parseFilter, type ParsedFilter } from './filter.js';
import { countShown, invertAll, keepByValue, keptByRank, keptInOrder, setAll } from './filterLoops.js';
import { memo } from './memo.js';

/**
 * The alert list: alerts grouped by alertname and service (one group per context), worst first,
 * each group a header row and its alerts' rows; a filter drops alerts from the groups made once per answer.
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

/**
 * The alert list's rows, read by index. A filtered list makes a row only when it is read: the
 * screen reads its window of 40, and at 80,000 alerts making every row of a filter that cuts 8,000
 * groups down cost more than the rest of the key's frame. `shown`: how many alerts the rows hold.
 */
export class AlertRows {
  constructor(
    readonly length: number,
    readonly shown: number,
    private readonly row: (i: number) => AlertRow,
  ) {}

  /** The row at `i` (0 ≤ i < length), else undefined. */
  at(i: number): AlertRow | undefined {
    return i >= 0 && i < this.length ? this.row(i) : undefined;
  }

  slice(start: number, end = this.length): AlertRow[] {
    const out: AlertRow[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) out.push(this.row(i));
    return out;
  }

  /** Every row made (tests, and lists too short for it to matter). */
  toArray(): AlertRow[] {
    return this.slice(0);
  }
}

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

/** Alerts grouped by alertname and service, worst severity first; each group is a header row. */
export const alertRows = (alerts: Alert[], filter: string): AlertRows => (filter === '' ? unfilteredRows(alerts) : filteredRows(alerts, filter));

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
interface Grouping {
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

/** The groups' indices (in display order) by name alone: their places by name are distinct, so each goes to its own slot (no sort). */
function nameOrderOf(groups: Group[]): Int32Array {
  let max = -1;
  for (const g of groups) max = Math.max(max, g.byName);
  const slot = new Int32Array(max + 1).fill(-1);
  groups.forEach((g, gi) => (slot[g.byName] = gi));
  const order = new Int32Array(groups.length);
  let w = 0;
  for (const gi of slot) if (gi !== -1) order[w++] = gi;
  return order;
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

type GroupRow = Extract<AlertRow, { kind: 'group' }>;

/** A group's header row over some of its alerts (worst first), written out rather than spread from the whole group's. */
function groupRow(whole: GroupRow, alerts: Alert[]): GroupRow {
  const { key, alertname, service, context } = whole;
  const severity = alerts[0]!.labels.severity ?? '';
  return context === undefined ? { kind: 'group', key, alertname, service, severity, alerts } : { kind: 'group', key, alertname, service, severity, alerts, context };
}

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
  if (last && last.alerts.length === alerts.length && last.alerts.every((a, i) => a === alerts[i])) return last;
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
const groupingOf = memo((alerts: Alert[]): Grouping => {
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
  const slot = new Int32Array((maxRank + 1) * width).fill(-1);
  groups.forEach((g, i) => (slot[g.rank * width + g.byName] = i));
  const out = new Array<Group>(groups.length);
  let w = 0;
  for (const i of slot) if (i !== -1) out[w++] = groups[i]!;
  return out;
}

/** Every group's rows one after the other. A loop, not flatMap: at 115,000 rows flatMap took 80 ms of each poll's frame. */
const unfilteredRows = memo((alerts: Alert[]): AlertRows => {
  const { groups } = groupingOf(alerts);
  let n = 0;
  for (const g of groups) n += g.rows.length;
  const rows = new Array<AlertRow>(n);
  let w = 0;
  for (const g of groups) for (const r of g.rows) rows[w++] = r;
  return new AlertRows(n, alerts.length, (i) => rows[i]!);
});

/** How many alerts the list shows under the filter (the pane title's "N of M"). */
export const shownAlertCount = (alerts: Alert[], filter: string): number => alertRows(alerts, filter).shown;

/**
 * Which alerts of the grouping pass (as `passes` decides), context by context over flat arrays: at
 * 80,000 alerts, walking group by group and alert by alert cost 100 ms a key typed. A matcher is
 * tried once per distinct value of its label, not once per alert.
 */
function passing(f: ParsedFilter, g: Grouping): Uint8Array {
  const out = new Uint8Array(g.alerts.length);
  for (const { search, name, where } of g.contexts) {
    if (f.matchers) {
      setAll(out, where, 1);
      for (const m of f.matchers) {
        const column = search.column(m.name);
        if (!column) {
          if (!matcherMatchesValue(m, '')) setAll(out, where, 0);
        } else keepByValue(out, where, column.codes, Uint8Array.from(column.values, (v) => (matcherMatchesValue(m, v) ? 1 : 0)));
      }
    } else if (f.text !== '') search.search(f.text, out, where);
    else setAll(out, where, 1);
    if (f.invert && (f.matchers || f.text !== '')) invertAll(out, where);
    // With one context its alerts carry none: '' as before.
    if (f.contexts && !f.contexts.every((m) => matcherMatchesValue(m, name))) setAll(out, where, 0);
  }
  return out;
}

/**
 * Filters run once, results unused, after the texts are made: the first filter of a session ran its
 * loops over every alert in V8's interpreter before they were compiled (the first key typed took
 * 13-18 ms at 80,000 alerts, the same key later 3-5 ms). A text, a matcher and an inverted filter
 * reach every loop a key runs; each is run over one context's alerts at a time (a matcher makes its
 * label's values first: 23 ms over 8 contexts at once). Once per process (compiled code stays), and
 * only for lists long enough for it to matter.
 */
const WARM_FILTERS = ['e', 'severity!=none', '!e'];
const WARM_FROM_ALERTS = 5_000;
let warmed = 0;

/**
 * Makes the free-text filter's texts ahead of the first key typed, a slice at a time (until
 * `budgetMs` has passed): at 80,000 alerts making them all took 300 ms, and that was the first key's
 * frame. Groups of contexts whose answer did not change keep theirs. Then, once, the filter loops
 * are run (WARM_FILTERS), a filter over a context a step. True when none is left to do.
 */
export function prepareFilterTexts(alerts: Alert[], budgetMs: number): boolean {
  const until = performance.now() + budgetMs;
  const grouping = groupingOf(alerts);
  if (!grouping.contexts.every((c) => c.search.prepare(until))) return false;
  if (alerts.length < WARM_FROM_ALERTS) return true;
  const steps = WARM_FILTERS.length * grouping.contexts.length;
  while (warmed < steps && performance.now() < until) {
    const filter = parseFilter(WARM_FILTERS[warmed % WARM_FILTERS.length]!);
    const context = grouping.contexts[Math.floor(warmed / WARM_FILTERS.length)]!;
    warmed++;
    rowsPassing(grouping, passing(filter, { ...grouping, contexts: [context] }))?.slice(0, 50);
  }
  return warmed >= steps;
}

/**
 * The filtered list from the groups: a group whose alerts all pass keeps its rows, one that lost
 * its worst alert may move down, and when every alert passes the unfiltered rows are the answer.
 * What is made for every key is flat (how many of each group pass, the kept groups' order, where
 * each starts); a row is made when read, and a cut-down group's header once.
 */
const filteredRows = memo((alerts: Alert[], filter: string): AlertRows => {
  const grouping = groupingOf(alerts);
  return rowsPassing(grouping, passing(parseFilter(filter), grouping)) ?? unfilteredRows(alerts);
});

/** The rows of the alerts that `pass`; undefined when every alert passes (the unfiltered rows are the answer). */
function rowsPassing(grouping: Grouping, pass: Uint8Array): AlertRows | undefined {
  const { starts, rowAt, heads, ranks, alerts: ordered } = grouping;
  const groups = heads.length;
  // How many of each group pass, and the rank each group has now...
  const shown = new Int32Array(groups);
  const rankNow = new Uint8Array(groups);
  countShown(pass, starts, ranks, shown, rankNow);
  let kept = 0;
  let count = 0;
  let moved = 0;
  for (let gi = 0; gi < groups; gi++) {
    const has = shown[gi]! > 0 ? 1 : 0;
    count += shown[gi]!;
    kept += has;
    moved |= has & (rankNow[gi] !== ranks[starts[gi]!] ? 1 : 0);
  }
  if (count === ordered.length) return undefined;
  // ...the kept groups in order (rank now, then name)...
  const order = moved ? keptByRank(shown, rankNow, grouping.nameOrder, kept) : keptInOrder(shown, kept);
  // ...and the row where each starts (its header).
  const head = new Int32Array(kept + 1);
  for (let q = 0; q < kept; q++) head[q + 1] = head[q]! + 1 + shown[order[q]!]!;
  // A cut-down group: its header over the alerts that pass, and where those are. The alerts' rows stay
  // as they were (what tells them apart in the whole group), so rows do not change as a filter is typed.
  const cut = new Map<number, { row: GroupRow; at: Int32Array }>();
  const cutDown = (gi: number) => {
    let c = cut.get(gi);
    if (!c) {
      const at = new Int32Array(shown[gi]!);
      for (let i = starts[gi]!, k = 0; i < starts[gi + 1]!; i++) if (pass[i]) at[k++] = i;
      c = { row: groupRow(heads[gi]!, Array.from(at, (i) => ordered[i]!)), at };
      cut.set(gi, c);
    }
    return c;
  };
  const row = (i: number): AlertRow => {
    // The last group whose header is at or before row i.
    let lo = 0;
    let hi = kept - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (head[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    const gi = order[lo]!;
    const j = i - head[lo]!;
    const whole = shown[gi] === starts[gi + 1]! - starts[gi]!;
    if (j === 0) return whole ? heads[gi]! : cutDown(gi).row;
    return rowAt[whole ? starts[gi]! + j - 1 : cutDown(gi).at[j - 1]!]!;
  };
  return new AlertRows(head[kept]!, count, row);
}
