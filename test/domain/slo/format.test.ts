import { describe, expect, it } from 'vitest';
import { formatBudgetTime, formatBurn, formatNumber, formatPercent } from '../../../src/domain/slo/format.js';
import { formatRatio } from '../../../src/domain/slo/parse.js';

describe('SLO number formatting', () => {
  it('writes percentages without losing integer zeros', () => {
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.1, 0)).toBe('10%');
    expect(formatPercent(0.999)).toBe('99.9%');
    expect(formatPercent(0.99930556)).toBe('99.931%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(null)).toBe('no data');
    expect(formatRatio(0.9995)).toBe('99.95%');
  });
  it('writes burn rates with sensible precision', () => {
    expect(formatBurn(14.4)).toBe('14.4×');
    expect(formatBurn(892.3)).toBe('892×');
    expect(formatBurn(0.0312)).toBe('0.031×');
    expect(formatBurn(null)).toBe('no data');
  });
  it('writes budget time left or overspent', () => {
    expect(formatBudgetTime(21 * 60_000, 43.2 * 60_000)).toBe('21m of 43m12s left');
    expect(formatBudgetTime(-12 * 60_000, 43.2 * 60_000)).toBe('12m over budget (43m12s)');
  });
  it('keeps NaN and infinities recognisable', () => {
    expect([Number.NaN, Infinity, -Infinity, 1e-7].map(formatNumber)).toEqual(['NaN', '+Inf', '-Inf', '1e-7']);
  });
});
