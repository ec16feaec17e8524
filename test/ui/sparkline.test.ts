import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/ui/format.js';

const GLYPHS = '▁▂▃▄▅▆▇█';
const series = (values: number[]) => values.map((v, i) => [i * 60, v] as [number, number]);

describe('sparkline', () => {
  it('draws the whole window, not just its last points', () => {
    // 30 days of compliance: high for three quarters, then a drop.
    const values = [...Array(90).fill(0.9997), ...Array(30).fill(0.9990)];
    expect(sparkline(series(values), GLYPHS, 8)).toBe('██████▁▁');
  });

  it('keeps a wobble far below the objective flat instead of scaling it into a cliff', () => {
    const values = [...Array(119).fill(0.999596), 0.999595];
    expect(sparkline(series(values), GLYPHS, 16)).toBe('▁'.repeat(16));
  });

  it('skips NaN and draws nothing for no data', () => {
    expect(sparkline(series([Number.NaN, Number.NaN]), GLYPHS, 8)).toBe('');
    expect(sparkline(series([0.9, Number.NaN, 1]), GLYPHS, 8)).toBe('▁█');
  });
});
