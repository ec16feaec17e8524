import { describe, expect, it } from 'vitest';
import { sloTable } from '../../src/cli/commands/slo.js';
import type { SloReport } from '../../src/domain/slo/types.js';
import { slo } from '../state/fixtures.js';

const budget = (remainingFraction: number, totalMs: number) => ({ totalMs, remainingMs: remainingFraction * totalMs, spentFraction: 1 - remainingFraction, remainingFraction });

/** The demo's SLA table, as `oncall slo` reads it. */
const reports: SloReport[] = [
  slo('web', { name: 'Website availability', service: 'web', objective: 0.999, critical: { kind: 'below', ratio: 0.995 }, compliance: 0.99971, budget: budget(0.71, 2_592_000) }),
  slo('api', { name: 'API availability', service: 'api', objective: 0.9995, critical: { kind: 'below', ratio: 0.998 }, compliance: 0.9996, status: 'at_risk', budget: budget(0.19, 1_295_000) }),
  slo('pay', { name: 'Transaction success', service: 'payments', objective: 0.998, critical: { kind: 'below', ratio: 0.995 }, compliance: 0.99772, status: 'breached', alert: 'page', budget: budget(-0.14, 5_184_000) }),
  slo('orders', { name: 'Order processing', service: 'orders', objective: 0.95, critical: { kind: 'quantile_above', quantile: 0.95, seconds: 60 }, compliance: 0.97499, budget: budget(0.5, 129_600_000) }),
  slo('plain', { name: 'Checkout completion', service: 'checkout', objective: 0.85, compliance: 0.88875 }),
];

describe('the oncall slo table', () => {
  it('fits 80 columns with every name whole and each critical threshold shown', () => {
    const text = sloTable(reports, 80);
    for (const line of text.trimEnd().split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    const row = (name: string) => text.split('\n').find((l) => l.startsWith(name))!;
    for (const r of reports) expect(row(r.name), r.name).toBeDefined();
    expect(row('Transaction success')).toMatch(/99\.8%\s+99\.5%\s+99\.772%/);
    expect(row('Transaction success')).toContain('breached PAGE');
    expect(row('Order processing')).toContain('p95>1m');
    expect(text.split('\n')[0]).toMatch(/CRIT/);
  });

  it('has the room for whole words when wide: the critical column says "below 99.5%"', () => {
    const text = sloTable(reports, 160);
    expect(text).toContain('below 99.5%');
    expect(text).toContain('p95 over 1m');
    expect(text).toMatch(/SERVICE/);
  });
});
