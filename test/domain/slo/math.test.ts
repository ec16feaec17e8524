import { describe, expect, it } from 'vitest';
import {
  burnThreshold, cleanRatio, DAY_MS, errorBudget, evaluateBurnAlerts, ratioFromCounts, sloStatus, timeToExhaustion, WORKBOOK_RULES,
} from '../../../src/domain/slo/math.js';
import type { BurnWindow } from '../../../src/domain/slo/types.js';

const burns = (b: Partial<Record<BurnWindow, number | null>>): Record<BurnWindow, number | null> => ({
  '5m': null, '30m': null, '1h': null, '2h': null, '6h': null, '1d': null, '3d': null, ...b,
});
const thresholds = (windowMs: number) => WORKBOOK_RULES.map((r) => burnThreshold(r, windowMs));

describe('multiwindow multi-burn-rate thresholds', () => {
  it('are the workbook numbers for a 30-day window: 14.4, 6, 3, 1', () => {
    const t = thresholds(30 * DAY_MS);
    expect(t[0]).toBeCloseTo(14.4, 10);
    expect(t[1]).toBeCloseTo(6, 10);
    expect(t[2]).toBeCloseTo(3, 10);
    expect(t[3]).toBeCloseTo(1, 10);
  });

  it('keep the same budget share for a 7-day window (2% in 1h is 3.36×)', () => {
    const t = thresholds(7 * DAY_MS);
    expect(t[0]).toBeCloseTo(0.02 * 168, 10);
    expect(t[1]).toBeCloseTo((0.05 * 168) / 6, 10);
    expect(t[2]).toBeCloseTo(0.1 * 7, 10);
    expect(t[3]).toBeCloseTo((0.1 * 7) / 3, 10);
    // The consequence users notice: 2% of a 7-day budget burned in an hour pages.
    const spentIn1h = (t[0]! * 3_600_000) / (7 * DAY_MS);
    expect(spentIn1h).toBeCloseTo(0.02, 10);
  });

  it('scale for a 28-day window (13.44, 5.6, 2.8, 0.933)', () => {
    const t = thresholds(28 * DAY_MS);
    expect(t.map((x) => Number(x.toFixed(3)))).toEqual([13.44, 5.6, 2.8, 0.933]);
  });
});

describe('evaluateBurnAlerts', () => {
  const W30 = 30 * DAY_MS;
  it('pages when both 1h and 5m burn faster than 14.4×', () => {
    expect(evaluateBurnAlerts(burns({ '1h': 15, '5m': 20 }), W30).state).toBe('page');
  });
  it('stops paging once the short window recovers (the 5m guard)', () => {
    expect(evaluateBurnAlerts(burns({ '1h': 15, '5m': 2 }), W30).state).toBe('none');
  });
  it('pages on the 6h/30m pair at 6×', () => {
    expect(evaluateBurnAlerts(burns({ '6h': 6.5, '30m': 7 }), W30).state).toBe('page');
    expect(evaluateBurnAlerts(burns({ '6h': 6, '30m': 7 }), W30).state).toBe('none');
  });
  it('opens a ticket at 3× over 1d and 2h, or 1× over 3d and 6h', () => {
    expect(evaluateBurnAlerts(burns({ '1d': 3.2, '2h': 4 }), W30).state).toBe('ticket');
    expect(evaluateBurnAlerts(burns({ '3d': 1.1, '6h': 1.5 }), W30).state).toBe('ticket');
  });
  it('prefers page over ticket', () => {
    expect(evaluateBurnAlerts(burns({ '1h': 20, '5m': 20, '1d': 4, '2h': 4 }), W30).state).toBe('page');
  });
  it('never fires on unknown windows', () => {
    const e = evaluateBurnAlerts(burns({ '1h': 100 }), W30);
    expect(e.state).toBe('none');
    expect(e.rules[0]!.known).toBe(false);
  });
  it('pages for a 7-day SLO at a burn that a 30-day SLO would not page on', () => {
    const b = burns({ '1h': 4, '5m': 4 });
    expect(evaluateBurnAlerts(b, 7 * DAY_MS).state).toBe('page');
    expect(evaluateBurnAlerts(b, W30).state).toBe('none');
  });
});

describe('errorBudget and timeToExhaustion', () => {
  it('gives 43m12s for 99.9% over 30 days, and 30 minutes spent by a 30-minute full outage', () => {
    const errorRatio = 30 / (30 * 24 * 60);
    const b = errorBudget(errorRatio, 0.999, 30 * DAY_MS);
    expect(b.totalMs).toBeCloseTo(43 * 60_000 + 12_000, 3);
    expect(b.spentFraction).toBeCloseTo(30 / 43.2, 10);
    expect(b.remainingMs).toBeCloseTo(13 * 60_000 + 12_000, 3);
  });
  it('goes negative when overspent', () => {
    const b = errorBudget(0.002, 0.999, 30 * DAY_MS);
    expect(b.remainingFraction).toBeCloseTo(-1, 10);
    expect(b.remainingMs).toBeLessThan(0);
  });
  it('spends the remaining budget at the current burn: remaining × window ÷ burn', () => {
    const W = 30 * DAY_MS;
    const b = errorBudget(0.0005, 0.999, W); // half the budget left
    expect(timeToExhaustion(b, 2, W)).toBeCloseTo(7.5 * DAY_MS, 3); // 2× spends a whole budget in 15 days
    expect(timeToExhaustion(b, 1, W)).toBeCloseTo(15 * DAY_MS, 3);
    // A full outage (burn 1000×) spends what is left in exactly the remaining outage time, 21m36s.
    expect(timeToExhaustion(b, 1000, W)).toBeCloseTo(21 * 60_000 + 36_000, 3);
    expect(timeToExhaustion(b, 0, W)).toBeNull();
    expect(timeToExhaustion(b, null, W)).toBeNull();
    expect(timeToExhaustion(errorBudget(0.002, 0.999, W), 5, W)).toBe(0);
    expect(timeToExhaustion(null, 5, W)).toBeNull();
  });
});

describe('sloStatus', () => {
  const base = { objective: 0.999, windowMs: 30 * DAY_MS };
  const at = (compliance: number, burn1h: number | null = 0) => {
    const budget = errorBudget(1 - compliance, 0.999, base.windowMs);
    return { ...base, compliance, budget, currentBurn: burn1h, exhaustionMs: timeToExhaustion(budget, burn1h, base.windowMs) };
  };
  it('is healthy with most budget left and a slow burn', () => {
    expect(sloStatus(at(0.9999, 0.5))).toBe('healthy');
  });
  it('is at risk with less than 25% of the budget left', () => {
    expect(sloStatus(at(0.99921))).toBe('at_risk');
  });
  it('is at risk when the 1h burn would spend the rest before the window ends', () => {
    expect(sloStatus(at(0.9995, 1.5))).toBe('at_risk'); // 50% left at 1.5× is gone in 10 days
    // A steady 0.9× in a rolling window settles at 90% spent and never runs out, though the
    // naive remaining ÷ burn (16.7 days) is shorter than the window.
    expect(sloStatus(at(0.9995, 0.9))).toBe('healthy');
  });
  it('is breached below the objective, critical past the threshold', () => {
    expect(sloStatus(at(0.998))).toBe('breached');
    expect(sloStatus({ ...at(0.994), critical: { kind: 'below', ratio: 0.995 } })).toBe('critical');
    expect(sloStatus({ ...at(0.996), critical: { kind: 'below', ratio: 0.995 } })).toBe('breached');
  });
  it('is critical when the latency quantile is over the bound, including +Inf, not on NaN', () => {
    const critical = { kind: 'quantile_above' as const, quantile: 0.95, seconds: 60 };
    expect(sloStatus({ ...at(0.9999), critical, latencyQuantileSeconds: 75 })).toBe('critical');
    expect(sloStatus({ ...at(0.9999), critical, latencyQuantileSeconds: Infinity })).toBe('critical');
    expect(sloStatus({ ...at(0.9999), critical, latencyQuantileSeconds: Number.NaN })).toBe('healthy');
    expect(sloStatus({ ...at(0.9999), critical, latencyQuantileSeconds: null })).toBe('healthy');
  });
  it('says no_data or error, never a percentage, when compliance is unknown', () => {
    expect(sloStatus({ ...base, compliance: null, budget: null, exhaustionMs: null })).toBe('no_data');
    expect(sloStatus({ ...base, compliance: null, budget: null, exhaustionMs: null, failed: true })).toBe('error');
  });
});

describe('ratios from Prometheus values', () => {
  it('treats NaN, ±Inf and missing as no data', () => {
    expect(cleanRatio(Number.NaN).ratio).toBeNull();
    expect(cleanRatio(Infinity)).toMatchObject({ ratio: null, reason: expect.stringContaining('+Inf') });
    expect(cleanRatio(-Infinity)).toMatchObject({ ratio: null, reason: expect.stringContaining('-Inf') });
    expect(cleanRatio(undefined).ratio).toBeNull();
  });
  it('clamps rate-extrapolation overshoot into [0, 1]', () => {
    expect(cleanRatio(1.0000004).ratio).toBe(1);
    expect(cleanRatio(-0.000001).ratio).toBe(0);
  });
  it('reports zero events as a division by zero, not 100%', () => {
    expect(ratioFromCounts(0, 0)).toMatchObject({ ratio: null, reason: expect.stringContaining('division by zero') });
    expect(ratioFromCounts(5, undefined).ratio).toBeNull();
    expect(ratioFromCounts(Number.NaN, 10).ratio).toBeNull();
    expect(ratioFromCounts(999, 1000).ratio).toBeCloseTo(0.999, 12);
  });
});
