import { describe, expect, it } from 'vitest';
import { formatSloExplain } from '../../../src/domain/slo/explain.js';
import { exhaustedSince, formatExhaustion } from '../../../src/domain/slo/format.js';
import { slo } from '../../state/fixtures.js';

const T = Date.UTC(2026, 10, 22, 12, 0) / 1000;
const hourly = (values: number[]) => values.map((v, i) => [T + i * 3600, v] as [number, number]);

describe('since when the budget is exhausted', () => {
  it('is the first point of the run below the objective that reaches now', () => {
    const trend = hourly([0.9985, 0.9982, 0.9981, 0.9979, 0.9978, 0.9977]);
    expect(exhaustedSince(trend, 0.998)).toEqual(new Date((T + 3 * 3600) * 1000));
    // Back above the objective for a point, then below again: since the second time.
    const bounced = hourly([0.9985, 0.9979, 0.9981, 0.9978, 0.9977]);
    expect(exhaustedSince(bounced, 0.998)).toEqual(new Date((T + 3 * 3600) * 1000));
  });

  it('is unknown when the trend is below the objective from its first point, or not at all now', () => {
    expect(exhaustedSince(hourly([0.997, 0.997, 0.996]), 0.998)).toBeNull();
    expect(exhaustedSince(hourly([0.997, 0.999]), 0.998)).toBeNull();
    expect(exhaustedSince([], 0.998)).toBeNull();
  });

  it('skips missing points', () => {
    expect(exhaustedSince(hourly([0.999, Number.NaN, 0.997, Number.NaN]), 0.998)).toEqual(new Date((T + 2 * 3600) * 1000));
  });

  it('is said when known, and plain "budget exhausted" when not', () => {
    const d = (ms: number) => `${ms}ms`;
    expect(formatExhaustion(0, -0.1, d, new Date((T + 3 * 3600) * 1000))).toBe('budget exhausted since 2026-11-22 15:00 UTC');
    expect(formatExhaustion(0, -0.1, d, null)).toBe('budget exhausted');
  });

  it('reads in the SLO details (explain) of a breached SLO from its trend', () => {
    const breached = slo('pay', {
      objective: 0.998, status: 'breached', compliance: 0.9977, exhaustionMs: 0,
      budget: { totalMs: 5_184_000, remainingMs: -600_000, spentFraction: 1.1, remainingFraction: -0.1 },
      trend: hourly([0.9985, 0.9982, 0.9981, 0.9979, 0.9977]),
    });
    expect(formatSloExplain(breached)).toContain('budget exhausted since 2026-11-22 15:00 UTC');
    expect(formatSloExplain({ ...breached, trend: [] })).toMatch(/budget exhausted$/m);
  });
});
