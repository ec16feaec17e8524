import { describe, expect, it } from 'vitest';
import { formatHistory, periodsBelow, worstPoint, type SloHistory } from '../../../src/domain/slo/history.js';

const H = 3600;
const pts = (values: number[], from = 0, step = H): Array<[number, number]> => values.map((v, i) => [from + (i + 1) * step, v]);

describe('periodsBelow', () => {
  it('turns a run of points below the threshold into one period, start one step before its first point', () => {
    const p = periodsBelow(pts([1, 1, 0.9, 0.8, 1, 1]), 0.99, H, 6 * H);
    expect(p).toEqual([{ start: new Date(2 * H * 1000), end: new Date(4 * H * 1000), ongoing: false, durationMs: 2 * H * 1000 }]);
  });

  it('finds several periods and ignores points at or above the threshold', () => {
    const p = periodsBelow(pts([0.5, 0.99, 0.5, 0.5, 0.99]), 0.99, H, 5 * H);
    expect(p.map((x) => [x.start.getTime() / 1000, x.end!.getTime() / 1000])).toEqual([[0, H], [2 * H, 4 * H]]);
  });

  it('marks a run that reaches the end of the range as ongoing, with no end and its duration so far', () => {
    const p = periodsBelow(pts([1, 1, 0.5, 0.5]), 0.99, H, 4 * H + 600);
    expect(p).toEqual([{ start: new Date(2 * H * 1000), end: null, ongoing: true, durationMs: (2 * H + 600) * 1000 }]);
  });

  it('does not call a run ongoing when the data stopped well before the end of the range', () => {
    const p = periodsBelow(pts([0.5, 0.5]), 0.99, H, 10 * H);
    expect(p[0]).toMatchObject({ ongoing: false, end: new Date(2 * H * 1000) });
  });

  it('ends a run at a gap in the data and at NaN: no data is not bad', () => {
    const gap: Array<[number, number]> = [[H, 0.5], [2 * H, 0.5], [5 * H, 0.5], [6 * H, NaN], [7 * H, 0.5]];
    const p = periodsBelow(gap, 0.99, H, 7 * H + 60);
    expect(p.map((x) => [x.start.getTime() / 1000, x.end?.getTime() ?? null])).toEqual([[0, 2 * H * 1000], [4 * H, 5 * H * 1000], [6 * H, null]]);
  });

  it('finds nothing in an empty series', () => {
    expect(periodsBelow([], 0.99, H, H)).toEqual([]);
  });
});

describe('worstPoint', () => {
  it('gives the lowest value and the first time it was reached', () => {
    expect(worstPoint([[1, 0.99], [2, 0.95], [3, 0.95], [4, NaN]])).toEqual({ compliance: 0.95, at: new Date(2000) });
    expect(worstPoint([])).toBeNull();
  });
});

describe('formatHistory', () => {
  it('lists each reading with its periods and the worst compliance', () => {
    const reading = { query: 'q', window: '1h', stepSeconds: H, threshold: 0.999, periods: periodsBelow(pts([1, 0.5, 1]), 0.999, H, 3 * H) };
    const h: SloHistory = { from: new Date(0), to: new Date(3 * H * 1000), badStretches: reading, outages: null, breaches: { ...reading, window: '30d', periods: [] }, worst: { compliance: 0.9981, at: new Date(2 * H * 1000) } };
    const text = formatHistory('api', h);
    expect(text).toContain('worst 30d compliance: 99.81% at 1970-01-01 02:00');
    expect(text).toContain('breaches (30d SLI below 99.9%, step 1h): none');
    expect(text).toContain('bad stretches (1h SLI below 99.9%, step 1h): 1\n    1970-01-01 01:00 → 1970-01-01 02:00  1h');
  });
});
