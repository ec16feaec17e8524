import { describe, expect, it } from 'vitest';
import { useDemoCli } from './helpers/demoCli.js';

/**
 * MTTA and MTTR on the demo: its incidents were acknowledged and resolved minutes after they opened,
 * so a new user trying `oncall report` (or :report) sees figures, not "mean 0ms" everywhere.
 */
const oncall = useDemoCli();

type Stat = { mean: number | null; p50: number | null; p90: number | null };
type Report = { source: string; overall: { incidents: number; mtta: Stat; mttr: Stat; targetsMet: number | null } };

describe('oncall report on the demo', () => {
  it('gives times to acknowledge and resolve of minutes, and some targets missed', async () => {
    const { code, out, err } = await oncall(['report', '-o', 'json']);
    expect(code).toBe(0);
    const r = JSON.parse(out) as Report;
    expect(r.source).toBe('log_entries');
    // Acks 4, 3, 9, 4 and 3 minutes after opening; resolves 52, 38, 85 and 35 minutes after.
    expect(r.overall.mtta.p50).toBeGreaterThanOrEqual(3 * 60);
    expect(r.overall.mtta.mean).toBeLessThan(10 * 60);
    expect(r.overall.mttr.p50).toBeGreaterThanOrEqual(35 * 60);
    expect(r.overall.mttr.p90).toBeLessThanOrEqual(90 * 60);
    expect(r.overall.targetsMet).toBeGreaterThan(0);
    expect(r.overall.targetsMet).toBeLessThan(1);
    // What the account lacks is said as such, not as a missing incident.
    expect(err).toContain('this PagerDuty account has no analytics API');
  });
});
