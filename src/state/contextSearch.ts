import type { Alert } from '../domain/types.js';

/** Between two alerts' texts in a haystack; a filter holding it is looked for alert by alert. */
const SEP = '\u0000';

/**
 * One label's values for a context's alerts, each distinct value once: alert k has `values[codes[k]]`
 * ('' where it has no such label). A matcher is then tried once per distinct value (a severity has
 * four, not 10,000), and the alerts are kept by a plain loop over numbers whatever the matcher is.
 */
export interface Column {
  codes: Int32Array;
  values: string[];
}

/** What free text is looked for in: every label value, the summary and the description, in lower case. */
export function textOf(a: Alert): string {
  return [...Object.values(a.labels), a.annotations.summary ?? '', a.annotations.description ?? ''].join(' ').toLowerCase();
}

/**
 * What filters look in for one context's alerts (in `order`), kept while its answer stands. The
 * texts for free text are one string, alert after alert, with where each ends: a key typed scans a
 * megabyte in one piece instead of 10,000 strings strewn over the heap (at 8×10,000 alerts, 25 ms a
 * key the one way, a few ms the other). Made a slice at a time (`prepare`) ahead of the first key,
 * or at once when a filter needs them first. Label values by name are made when a filter names the label.
 */
export class ContextSearch {
  private parts: string[] = [];
  private haystack: string | undefined;
  private ends = new Int32Array(0);
  private names: Set<string> | undefined;
  private readonly columns = new Map<string, Column>();

  constructor(private readonly order: Alert[]) {}

  /** Makes texts until `until` (a performance.now() time) has passed; true when all are made. */
  prepare(until = Infinity): boolean {
    if (this.haystack !== undefined) return true;
    const { order, parts } = this;
    if (!this.names) {
      this.names = new Set();
      for (const a of order) for (const name in a.labels) this.names.add(name);
    }
    while (parts.length < order.length) {
      if (parts.length % 32 === 0 && performance.now() > until) return false;
      parts.push(textOf(order[parts.length]!));
    }
    const ends = new Int32Array(parts.length);
    let at = 0;
    parts.forEach((text, i) => {
      at += text.length;
      ends[i] = at++;
    });
    this.haystack = parts.join(SEP);
    this.ends = ends;
    this.parts = [];
    return true;
  }

  /** One label's values (in `order`, '' where missing); undefined when no alert has the label. */
  column(name: string): Column | undefined {
    this.prepare();
    if (!this.names!.has(name)) return undefined;
    let column = this.columns.get(name);
    if (!column) this.columns.set(name, (column = columnOf(this.order, name)));
    return column;
  }

  /**
   * Sets `out[where[k]]` to 1 for each alert (its index k in `order`) whose text holds `needle` (lower
   * case, not empty). Written into the array, not reported through a callback: the first filter of a
   * session runs this before V8 has compiled it, and a call per hit cost 4-8 ms at 80,000 hits.
   */
  search(needle: string, out: Uint8Array, where: Int32Array): void {
    this.prepare();
    const hay = this.haystack!;
    const ends = this.ends;
    if (needle.includes(SEP)) {
      for (let k = 0, start = 0; k < ends.length; start = ends[k++]! + 1) if (hay.slice(start, ends[k]).includes(needle)) out[where[k]!] = 1;
      return;
    }
    // A match never spans two alerts (it would hold SEP): the alert it starts in is the first whose end is past it.
    let k = 0;
    for (let p = hay.indexOf(needle); p !== -1; p = hay.indexOf(needle, ends[k]! + 1)) {
      while (ends[k]! < p) k++;
      out[where[k]!] = 1;
    }
  }
}

function columnOf(order: Alert[], name: string): Column {
  const index = new Map<string, number>();
  const values: string[] = [];
  const codes = new Int32Array(order.length);
  order.forEach((a, k) => {
    const value = a.labels[name] ?? '';
    let code = index.get(value);
    if (code === undefined) (index.set(value, (code = values.length)), values.push(value));
    codes[k] = code;
  });
  return { codes, values };
}
