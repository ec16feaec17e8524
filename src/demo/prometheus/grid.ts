import type { SyntheticSeries } from './series.js';

/**
 * A series' scrape-grid values, computed a block at a time and kept: the long windows of successive
 * evaluations overlap almost entirely (the 121 points of an SLO trend over [30d], the next poll), and a
 * series is a pure function of time, so each value is computed once instead of once per window. The
 * values are those of series.at(ts). About one 24 KiB block per series per 17 hours of demo time is added.
 *
 * Each block also keeps what a window needs without reading its samples again: prefix sums of its
 * finite values, its non-finite values counted apart, and (once asked for) its min and max. A sum costs
 * two prefix lookups per block it touches (43 for [30d] at 60 s) instead of one addition per sample
 * (43,201); min and max take each whole block's extreme and scan the two partial blocks at the ends.
 *
 * Precision: prefix sums are double-doubles (hi + lo, ~106 bits), so a window's sum is its exact sum to
 * a relative error near 1e-25 before one rounding to a double: exact for 0/1 values such as
 * probe_success and for whole-number counters below 2^53 in total. Against Prometheus 2.42 on the same
 * samples (test/demo/prometheus/longwindow.server.test.ts) sums are equal and averages within ~1e-14
 * relative, Prometheus' incremental mean being the less exact of the two. Only block contents enter the
 * arithmetic, in a fixed order, never which blocks happened to be cached, so an answer does not depend
 * on what was asked before. A cumulative sum across blocks would make a window O(1) but its rounding
 * would depend on where the cache began.
 */
export const BLOCK = 1024;

interface Block {
  values: Float64Array;
  /** sumHi[k] + sumLo[k]: the sum of the finite values among values[0..k). */
  sumHi: Float64Array;
  sumLo: Float64Array;
  /** Prefix counts of NaN, +Inf and -Inf values; only for a block that holds any. */
  special?: { nan: Int32Array; pos: Int32Array; neg: Int32Array };
  /** Min and max of the whole block, found when first asked for. */
  min?: number;
  max?: number;
}

interface Grid {
  interval: number;
  blocks: Map<number, Block>;
}

const grids = new WeakMap<SyntheticSeries, Grid>();

/** Prometheus' min_over_time step: a NaN is replaced by any value that follows it. */
export function lower(min: number, v: number): number {
  return v < min || Number.isNaN(min) ? v : min;
}

export function higher(max: number, v: number): number {
  return v > max || Number.isNaN(max) ? v : max;
}

function gridOf(series: SyntheticSeries, interval: number): Grid {
  let grid = grids.get(series);
  if (!grid || grid.interval !== interval) {
    grid = { interval, blocks: new Map() };
    grids.set(series, grid);
  }
  return grid;
}

function block(series: SyntheticSeries, grid: Grid, b: number): Block {
  const cached = grid.blocks.get(b);
  if (cached) return cached;
  // Filling and summing are separate small loops: the first inlines series.at, and on a cold start the
  // samples are computed while that loop is still being compiled; one loop doing both compiled later.
  const values = fill(series, grid.interval, b);
  const made = prefixSums(values);
  grid.blocks.set(b, made);
  return made;
}

function fill(series: SyntheticSeries, interval: number, b: number): Float64Array {
  const values = new Float64Array(BLOCK);
  for (let k = 0; k < BLOCK; k++) values[k] = series.at((b * BLOCK + k) * interval);
  return values;
}

function prefixSums(values: Float64Array): Block {
  const sumHi = new Float64Array(BLOCK + 1);
  const sumLo = new Float64Array(BLOCK + 1);
  let hi = 0;
  let lo = 0;
  let finite = true;
  for (let k = 0; k < BLOCK; k++) {
    const v = values[k]!;
    // TwoSum: s plus the error term is exactly hi + v. A non-finite v is counted apart below.
    const s = hi + v;
    if (s - s !== 0) {
      finite = false;
      break;
    }
    const bv = s - hi;
    lo += hi - (s - bv) + (v - bv);
    hi = s;
    sumHi[k + 1] = hi;
    sumLo[k + 1] = lo;
  }
  return finite ? { values, sumHi, sumLo } : withSpecials(values, sumHi, sumLo);
}

/** prefixSums for a block that holds a NaN or an infinity (a recording rule with no data, say). */
function withSpecials(values: Float64Array, sumHi: Float64Array, sumLo: Float64Array): Block {
  const special = { nan: new Int32Array(BLOCK + 1), pos: new Int32Array(BLOCK + 1), neg: new Int32Array(BLOCK + 1) };
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < BLOCK; k++) {
    const v = values[k]!;
    special.nan[k + 1] = special.nan[k]! + (Number.isNaN(v) ? 1 : 0);
    special.pos[k + 1] = special.pos[k]! + (v === Infinity ? 1 : 0);
    special.neg[k + 1] = special.neg[k]! + (v === -Infinity ? 1 : 0);
    if (Number.isFinite(v)) {
      const s = hi + v;
      const bv = s - hi;
      lo += hi - (s - bv) + (v - bv);
      hi = s;
    }
    sumHi[k + 1] = hi;
    sumLo[k + 1] = lo;
  }
  return { values, sumHi, sumLo, special };
}

function extremes(blk: Block): { min: number; max: number } {
  if (blk.min === undefined || blk.max === undefined) {
    let min = blk.values[0]!;
    let max = min;
    for (let k = 1; k < BLOCK; k++) {
      min = lower(min, blk.values[k]!);
      max = higher(max, blk.values[k]!);
    }
    blk.min = min;
    blk.max = max;
  }
  return { min: blk.min, max: blk.max };
}

/** A compensated sum that keeps non-finite values apart, so it ends as IEEE addition would in any order. */
export class Sum {
  private hi = 0;
  private lo = 0;
  private nan = 0;
  private pos = 0;
  private neg = 0;

  add(v: number): void {
    if (Number.isFinite(v)) this.addFinite(v, 0);
    else if (Number.isNaN(v)) this.nan++;
    else if (v > 0) this.pos++;
    else this.neg++;
  }

  /** Adds values[from..to) of a block from its prefix sums. */
  addBlock(block: Block, from: number, to: number): void {
    const a = block.sumHi[to]!;
    const c = -block.sumHi[from]!;
    const s = a + c;
    const bc = s - a;
    this.addFinite(s, a - (s - bc) + (c - bc) + (block.sumLo[to]! - block.sumLo[from]!));
    const sp = block.special;
    if (sp) {
      this.nan += sp.nan[to]! - sp.nan[from]!;
      this.pos += sp.pos[to]! - sp.pos[from]!;
      this.neg += sp.neg[to]! - sp.neg[from]!;
    }
  }

  private addFinite(v: number, err: number): void {
    const s = this.hi + v;
    const bv = s - this.hi;
    this.lo += this.hi - (s - bv) + (v - bv) + err;
    this.hi = s;
  }

  value(): number {
    if (this.nan > 0 || (this.pos > 0 && this.neg > 0)) return NaN;
    if (this.pos > 0) return Infinity;
    if (this.neg > 0) return -Infinity;
    // A finite sum that overflows: hi is infinite and lo NaN.
    return Number.isFinite(this.hi) ? this.hi + this.lo : this.hi;
  }
}

/** Sum, min or max of the grid samples first..last (indices: timestamps divided by the interval), in time order. */
export function foldGrid(series: SyntheticSeries, interval: number, first: number, last: number, want: 'sum' | 'min' | 'max'): number {
  const grid = gridOf(series, interval);
  const b0 = Math.floor(first / BLOCK);
  const b1 = Math.floor(last / BLOCK);
  if (want === 'sum') {
    const sum = new Sum();
    for (let b = b0; b <= b1; b++) sum.addBlock(block(series, grid, b), b === b0 ? first - b * BLOCK : 0, b === b1 ? last - b * BLOCK + 1 : BLOCK);
    return sum.value();
  }
  const step = want === 'min' ? lower : higher;
  let extreme = NaN;
  for (let b = b0; b <= b1; b++) {
    const blk = block(series, grid, b);
    const from = b === b0 ? first - b * BLOCK : 0;
    const to = b === b1 ? last - b * BLOCK + 1 : BLOCK;
    if (from === 0 && to === BLOCK) {
      const whole = extremes(blk)[want];
      extreme = b === b0 ? whole : step(extreme, whole);
      continue;
    }
    for (let k = from; k < to; k++) extreme = b === b0 && k === from ? blk.values[k]! : step(extreme, blk.values[k]!);
  }
  return extreme;
}
