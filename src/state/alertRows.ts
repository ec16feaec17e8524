import { matcherMatchesValue } from '../domain/matchers.js';
import type { Alert } from '../domain/types.js';
import { groupingOf, type AlertRow, type Grouping, type GroupRow } from './alertGrouping.js';
import { parseFilter, type ParsedFilter } from './filter.js';
import { countShown, invertAll, keepByValue, keptByRank, keptInOrder, setAll } from './filterLoops.js';
import { memo } from './memo.js';

export { alertService, severityRank, type AlertRow } from './alertGrouping.js';

/**
 * The alert list's rows: the groups (src/state/alertGrouping.ts) one after the other, or, under a
 * filter, the alerts of them that pass.
 */

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

/** Alerts grouped by alertname and service, worst severity first; each group is a header row. */
export const alertRows = (alerts: Alert[], filter: string): AlertRows => (filter === '' ? unfilteredRows(alerts) : filteredRows(alerts, filter));

/** A group's header row over some of its alerts (worst first), written out rather than spread from the whole group's. */
function groupRow(whole: GroupRow, alerts: Alert[]): GroupRow {
  const { key, alertname, service, context } = whole;
  const severity = alerts[0]!.labels.severity ?? '';
  return context === undefined ? { kind: 'group', key, alertname, service, severity, alerts } : { kind: 'group', key, alertname, service, severity, alerts, context };
}

/**
 * Every group's rows one after the other, read through the grouping's flat arrays: group gi's header
 * is row starts[gi] + gi, its alerts the rows after it. Nothing is copied: a list of every row, made
 * again at each poll that changed one context, was 115,000 entries at 8 × 10,000 alerts (a tenth of
 * such a poll's time, and its garbage).
 */
const unfilteredRows = memo((alerts: Alert[]): AlertRows => {
  const { starts, heads, rowAt } = groupingOf(alerts);
  const groups = heads.length;
  return new AlertRows(starts[groups]! + groups, alerts.length, (i) => {
    // The last group whose header is at or before row i.
    let lo = 0;
    let hi = groups - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! + mid <= i) lo = mid;
      else hi = mid - 1;
    }
    const j = i - starts[lo]! - lo;
    return j === 0 ? heads[lo]! : rowAt[starts[lo]! + j - 1]!;
  });
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
