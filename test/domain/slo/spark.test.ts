import { describe, expect, it } from 'vitest';
import { CRITICAL_LEVEL, OBJECTIVE_LEVEL, sparkLevel } from '../../../src/domain/slo/spark.js';

describe('sparkLevel: the objective and the critical threshold at fixed heights', () => {
  const objective = 0.999;

  it('puts the objective at the middle and a full budget at the top', () => {
    expect(sparkLevel(0.999, { objective })).toBe(OBJECTIVE_LEVEL);
    expect(sparkLevel(1, { objective })).toBe(1);
    // Half the budget left: half way between the objective and the top.
    expect(sparkLevel(0.9995, { objective })).toBeCloseTo(0.75);
  });

  it('keeps a healthy SLO that lost a little high, whatever the other points are', () => {
    // 99.99% → 99.97% against 99.9%: 90% then 70% of the budget left.
    expect(sparkLevel(0.9999, { objective })).toBeCloseTo(0.95);
    expect(sparkLevel(0.9997, { objective })).toBeCloseTo(0.85);
  });

  it('without a critical threshold, maps a whole budget overspent to the bottom', () => {
    expect(sparkLevel(0.9985, { objective })).toBeCloseTo(0.25);
    expect(sparkLevel(0.998, { objective })).toBe(0);
    expect(sparkLevel(0.5, { objective })).toBe(0);
  });

  it('puts the critical threshold at its own fixed height, below the objective', () => {
    const critical = { kind: 'below', ratio: 0.995 } as const;
    expect(sparkLevel(0.995, { objective, critical })).toBe(CRITICAL_LEVEL);
    expect(sparkLevel(0.997, { objective, critical })).toBeCloseTo((OBJECTIVE_LEVEL + CRITICAL_LEVEL) / 2);
    // As far below critical as critical is below the objective: the bottom.
    expect(sparkLevel(0.991, { objective, critical })).toBe(0);
    expect(sparkLevel(0.993, { objective, critical })).toBeCloseTo(CRITICAL_LEVEL / 2);
  });

  it('ignores a latency critical threshold (it is not a compliance level)', () => {
    const critical = { kind: 'quantile_above', quantile: 0.95, seconds: 1 } as const;
    expect(sparkLevel(0.9985, { objective, critical })).toBeCloseTo(0.25);
  });

  it('gives NaN for a missing point', () => {
    expect(sparkLevel(Number.NaN, { objective })).toBeNaN();
  });
});
