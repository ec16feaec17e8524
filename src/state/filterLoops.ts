/**
 * The loops a filter runs over every alert of the list (src/state/alertRows.ts: `passing` and the
 * filtered rows), each a small function of its own with no line in it that only some filters reach
 * (a choice between two values, as in countShown, is not such a line: it needs no type feedback).
 * V8 compiles a loop with the type feedback it has seen, and a line first reached by a later filter
 * (a group losing its worst alert, the first matcher, a filter that keeps everything) threw the
 * compiled loop away and ran the rest of it in the interpreter: the slowest keys of
 * `npm run bench -- scale` (15-23 ms at 80,000 alerts, against 3-8 ms), each with such a deopt
 * under `--trace-deopt`.
 */

/** `out[where[k]] = value` for every alert of a context. */
export function setAll(out: Uint8Array, where: Int32Array, value: number): void {
  for (let k = 0; k < where.length; k++) out[where[k]!] = value;
}

/** Keeps (in `out`) the alerts whose value is one of those `ok` marks (a 1 per distinct value of the column). */
export function keepByValue(out: Uint8Array, where: Int32Array, codes: Int32Array, ok: Uint8Array): void {
  for (let k = 0; k < where.length; k++) out[where[k]!] = out[where[k]!]! & ok[codes[k]!]!;
}

export function invertAll(out: Uint8Array, where: Int32Array): void {
  for (let k = 0; k < where.length; k++) out[where[k]!] = 1 - out[where[k]!]!;
}

/**
 * For each group, how many of its alerts pass (`shown`) and the severity rank of the worst that
 * passes (`rankNow`; its alerts are worst first, so a group that lost its worst alert may move down).
 */
export function countShown(pass: Uint8Array, starts: Int32Array, ranks: Uint8Array, shown: Int32Array, rankNow: Uint8Array): void {
  for (let gi = 0; gi < shown.length; gi++) {
    const start = starts[gi]!;
    let n = 0;
    let first = start;
    for (let i = starts[gi + 1]! - 1; i >= start; i--) {
      const p = pass[i]!;
      n += p;
      first = p === 1 ? i : first;
    }
    shown[gi] = n;
    rankNow[gi] = ranks[first]!;
  }
}

/**
 * The groups kept (`shown` > 0) in their order, when none moved. `order[kept]` is where a group not
 * kept is written, so the loop writes every time, whatever the filter.
 */
export function keptInOrder(shown: Int32Array, kept: number): Int32Array {
  const order = new Int32Array(kept + 1);
  let w = 0;
  for (let gi = 0; gi < shown.length; gi++) {
    order[w] = gi;
    w += shown[gi]! > 0 ? 1 : 0;
  }
  return order;
}

/** The groups kept, by rank now and then by name: counted into each rank's place, in name order (`order[kept]` as above). */
export function keptByRank(shown: Int32Array, rankNow: Uint8Array, nameOrder: Int32Array, kept: number): Int32Array {
  const order = new Int32Array(kept + 1);
  const at = new Int32Array(257);
  for (let gi = 0; gi < shown.length; gi++) at[rankNow[gi]! + 1]! += shown[gi]! > 0 ? 1 : 0;
  for (let r = 1; r < at.length; r++) at[r]! += at[r - 1]!;
  for (const gi of nameOrder) {
    const r = rankNow[gi]!;
    const keep = shown[gi]! > 0 ? 1 : 0;
    order[keep === 1 ? at[r]! : kept] = gi; // order[kept]: where a group not kept goes
    at[r]! += keep;
  }
  return order;
}
