import { describe, expect, it } from 'vitest';
import { instantQuery, rangeQuery } from '../../../src/demo/prometheus/query.js';
import type { SeriesSource, SyntheticSeries } from '../../../src/demo/prometheus/series.js';

/** Selector matches are kept per source and label sets are keyed as strings: neither may change an answer. */

const T = 1_700_000_040;
const gauge = (labels: Record<string, string>, v: number): SyntheticSeries => ({ labels, at: () => v });

const rows = (src: SeriesSource, q: string): Array<[Record<string, string>, string]> => {
  const r = instantQuery(src, q, T);
  if (r.resultType !== 'vector') throw new Error(`expected a vector, got ${r.resultType}`);
  return r.result.map((x) => [x.metric, x.value[1]]);
};

describe('demo Prometheus selections', () => {
  it('sees a series added to the source after a query matched without it', () => {
    const src: SeriesSource = { interval: 60, series: [gauge({ __name__: 'up', job: 'a' }, 1)] };
    expect(rows(src, 'sum(up{job=~"a|b"})')).toEqual([[{}, '1']]);
    src.series.push(gauge({ __name__: 'up', job: 'b' }, 1));
    expect(rows(src, 'sum(up{job=~"a|b"})')).toEqual([[{}, '2']]);
    expect(rows(src, 'up{job="b"}')).toEqual([[{ __name__: 'up', job: 'b' }, '1']]);
  });

  it('keys a selection by every matcher of its selector', () => {
    const src: SeriesSource = { interval: 60, series: [gauge({ __name__: 'm', a: 'x' }, 1), gauge({ __name__: 'm', a: 'y' }, 2)] };
    expect(rows(src, 'sum(m{a="x"}) + sum(m{a="y"})')).toEqual([[{}, '3']]);
    const r = rangeQuery(src, 'sum(m{a="x"}) * 10 + sum(m{a!="x"})', T - 120, T, 60);
    expect(r.resultType === 'matrix' && r.result[0]!.values.map((v) => v[1])).toEqual(['12', '12', '12']);
  });

  it('never merges label sets whose names and values only read alike when joined', () => {
    const src: SeriesSource = {
      interval: 60,
      series: [gauge({ __name__: 'm', a: 'x', b: 'y' }, 1), gauge({ __name__: 'm', a: 'x,b=y' }, 10), gauge({ __name__: 'm', a: 'x,b=1:y' }, 100)],
    };
    expect(rows(src, 'sum by (a, b) (m)').map(([, v]) => v).sort()).toEqual(['1', '10', '100']);
    // Matching on all labels: each series finds only itself.
    expect(rows(src, 'm + m').map(([, v]) => v).sort()).toEqual(['2', '20', '200']);
  });
});
