import { describe, expect, it } from 'vitest';
import { sparkLevel } from '../../src/domain/slo/spark.js';
import { sparkline } from '../../src/ui/format.js';

const GLYPHS = '▁▂▃▄▅▆▇█';
const series = (values: number[]) => values.map((v, i) => [i * 60, v] as [number, number]);
const against = (objective: number, critical?: number) => (v: number) =>
  sparkLevel(v, { objective, ...(critical === undefined ? {} : { critical: { kind: 'below' as const, ratio: critical } }) });

describe('sparkline', () => {
  it('draws the whole window, not just its last points', () => {
    // 30 days of compliance against 99.9%: high for three quarters, then a drop to the objective.
    const values = [...Array(90).fill(0.9997), ...Array(30).fill(0.999)];
    expect(sparkline(series(values), GLYPHS, 8, against(0.999))).toBe('▇▇▇▇▇▇▅▅');
  });

  it('draws a healthy SLO that slipped from 99.99% to 99.97% high, not as low as a breach', () => {
    const healthy = sparkline(series([0.9999, 0.9999, 0.9998, 0.9997]), GLYPHS, 4, against(0.999));
    expect(healthy).toBe('███▇');
    const breached = sparkline(series([0.9985, 0.998, 0.997, 0.996]), GLYPHS, 4, against(0.999, 0.995));
    // Every breached column sits below every healthy one.
    expect(Math.max(...[...breached].map((g) => GLYPHS.indexOf(g)))).toBeLessThan(Math.min(...[...healthy].map((g) => GLYPHS.indexOf(g))));
    expect(breached).toBe('▄▄▄▃');
  });

  it('keeps a wobble flat: the scale is the objective, not the series', () => {
    const values = [...Array(119).fill(0.999596), 0.999595];
    expect(new Set(sparkline(series(values), GLYPHS, 16, against(0.999))).size).toBe(1);
  });

  it('skips NaN and draws nothing for no data', () => {
    expect(sparkline(series([Number.NaN, Number.NaN]), GLYPHS, 8, against(0.9))).toBe('');
    expect(sparkline(series([0.9, Number.NaN, 1]), GLYPHS, 8, against(0.9))).toBe('▅█');
  });
});
