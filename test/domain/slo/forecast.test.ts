import { describe, expect, it } from 'vitest';
import { buildReport, type WindowReading } from '../../../src/domain/slo/report.js';
import { parseSloConfig } from '../../../src/domain/slo/config.js';

const DAY = 86_400;
const reading = (errorRatio: number): WindowReading => ({ query: 'q', raw: '', errorRatio, formula: '' });
const [def] = parseSloConfig([{ name: 'Web', service: 'web', objective: '99.9%', window: '30d', sli: { query: 'max(sla:web:ratio_30d)' } }]);
const end = 1_800_000_000;
/** A trend over 30 days at 6-hour steps, with data only over the last `days`. */
const trend = (days: number) => ({
  query: 'max(sla:web:ratio_30d)', stepSeconds: 6 * 3600,
  points: Array.from({ length: 121 }, (_, i): [number, number] => { const t = end - (120 - i) * 6 * 3600; return [t, t > end - days * DAY ? 0.9995 : NaN]; }),
});

describe('time to exhaustion at the 1h, 6h and 3d burns, and how much of the window has data', () => {
  it('forecasts at each burn: half the budget left spends in 30d × 0.5 ÷ burn', () => {
    const r = buildReport(def!, { window: reading(0.0005), burns: { '1h': reading(0.01), '6h': reading(0.002), '3d': reading(0) } });
    expect(r.exhaustion!['1h']).toBeCloseTo((0.5 * 30 * DAY * 1000) / 10, 0);
    expect(r.exhaustion!['6h']).toBeCloseTo((0.5 * 30 * DAY * 1000) / 2, 0);
    expect(r.exhaustion!['3d']).toBeNull();
    expect(r.explain.find((e) => e.figure === 'forecast')!.value).toBe('1h: 1d12h, 6h: 7d12h, 3d: never');
  });

  it('says "data for 6d of 30d" and marks the forecast unreliable when the rule is a week old', () => {
    const r = buildReport(def!, { window: reading(0.0005), burns: { '1h': reading(0.01) }, trend: trend(6) });
    expect(r.coverage).toEqual({ dataMs: 6 * DAY * 1000, windowMs: 30 * DAY * 1000, reliable: false });
    const forecast = r.explain.find((e) => e.figure === 'forecast')!;
    expect(forecast.formula).toContain('data for 6d of 30d: forecast unreliable');
    expect(forecast.value).toMatch(/\(unreliable\)$/);
  });

  it('calls a full window reliable', () => {
    const r = buildReport(def!, { window: reading(0.0005), burns: {}, trend: trend(31) });
    expect(r.coverage).toMatchObject({ dataMs: 30 * DAY * 1000, reliable: true });
  });
});

describe('coverage from a trend as Prometheus answers it', () => {
  it('reads a trend that starts 6 days ago as 6 days of data: Prometheus leaves out the steps without any', () => {
    const answered = { ...trend(6), points: trend(6).points.filter(([, v]) => Number.isFinite(v)) };
    const r = buildReport(def!, { window: reading(0.0005), burns: {}, trend: answered });
    expect(r.coverage).toEqual({ dataMs: 6 * DAY * 1000, windowMs: 30 * DAY * 1000, reliable: false });
  });
});
