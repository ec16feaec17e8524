import { describe, expect, it } from 'vitest';
import { sloRows } from '../../src/state/selectors.js';
import { slo } from './fixtures.js';

describe('sloRows', () => {
  it('puts the worst SLOs first, keeping config order among equals, so a breach is never cut off the strip', () => {
    const rows = sloRows(
      [
        slo('web', { status: 'healthy' }),
        slo('api', { status: 'at_risk' }),
        slo('pay', { status: 'breached' }),
        slo('search', { status: 'healthy' }),
        slo('orders', { status: 'critical' }),
        slo('checkout', { status: 'no_data' }),
      ],
      '',
    );
    expect(rows.map((r) => r.id)).toEqual(['orders', 'pay', 'api', 'checkout', 'web', 'search']);
  });

  it('filters by status text', () => {
    expect(sloRows([slo('web', { status: 'healthy' }), slo('pay', { status: 'breached' })], 'breached').map((r) => r.id)).toEqual(['pay']);
  });
});
