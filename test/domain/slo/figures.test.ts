import { describe, expect, it } from 'vitest';
import { formatCompliance, formatExhaustion } from '../../../src/domain/slo/format.js';

describe('figures that read right', () => {
  it('compliance shows the digits that tell a breach from the objective', () => {
    expect(formatCompliance(0.997997, 0.998)).toBe('99.7997%');
    expect(formatCompliance(0.99961, 0.9995)).toBe('99.961%');
    expect(formatCompliance(0.998, 0.998)).toBe('99.8%');
    expect(formatCompliance(null, 0.998)).toBe('no data');
  });

  it('a spent budget reads "budget exhausted", not "gone in 0ms"', () => {
    const d = (ms: number) => `${ms}ms`;
    expect(formatExhaustion(0, -0.14, d)).toBe('budget exhausted');
    expect(formatExhaustion(0, undefined, d)).toBe('budget exhausted');
    expect(formatExhaustion(3_600_000, 0.2, d)).toBe('budget gone in 3600000ms');
    expect(formatExhaustion(null, 0.5, d)).toBe('budget gone in never/unknown');
  });
});
