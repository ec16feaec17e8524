import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { mount } from './harness.js';
import { waitForFrame } from './helpers.js';
import { slo, T0 } from '../state/fixtures.js';

afterEach(() => cleanup());

describe('the empty SLO strip says why it is empty', () => {
  it('counts the skipped SLA rules, says why, and names the command that lists them', async () => {
    const skipped = [
      { rule: 'sla:a:ratio', reason: 'no objective: no alert rule compares sla:a:ratio with a constant' },
      { rule: 'sla:b:ratio_30d', reason: 'no objective: no alert rule compares sla:b:ratio_30d with a constant' },
      { rule: 'sla:c:ratio', reason: 'no objective: no alert rule compares sla:c:ratio with a constant' },
    ];
    const h = mount({ state: { sloSkipped: skipped }, size: { columns: 100, rows: 30 } });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('SLOs'));
    expect(frame).toContain('3 SLA rules skipped: no objective; see `oncall slo --skipped`');
  });

  it('says there are none anywhere when nothing was skipped', async () => {
    const h = mount({ size: { columns: 100, rows: 30 } });
    // Only once Prometheus has answered: before that, none is not known (test/ui/unreached.test.tsx).
    h.store.dispatch({ type: 'pollOk', source: 'prometheus', at: T0, latencyMs: 1, slow: false });
    await waitForFrame(h.lastFrame, (f) => f.includes('no SLOs: none in the config and none discovered'));
  });
});

describe('an SLO whose figures came with server warnings', () => {
  it('is marked on its row', async () => {
    const h = mount({ slos: [slo('web', { name: 'Website', warnings: ['store 10.0.0.7:10901 unavailable'] }), slo('api', { name: 'API' })], size: { columns: 100, rows: 30 } });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('Website'));
    expect(frame).toContain('! Website');
    expect(frame).not.toContain('! API');
  });
});

describe('the SLO strip\'s sparklines', () => {
  const hours = (values: number[]) => values.map((v, i) => [1_700_000_000 + i * 3600, v] as [number, number]);

  it('draw a healthy SLO that slipped from 99.99% to 99.97% high, and a breached one low', async () => {
    const healthy = slo('web', { name: 'Website', objective: 0.999, compliance: 0.9997, trend: hours([0.9999, 0.9999, 0.9998, 0.9998, 0.9997, 0.9997, 0.9997, 0.9997]) });
    const breached = slo('pay', {
      name: 'Payments', objective: 0.999, status: 'breached', compliance: 0.9975, critical: { kind: 'below', ratio: 0.995 },
      trend: hours([0.9992, 0.999, 0.9985, 0.998, 0.998, 0.9978, 0.9976, 0.9975]),
    });
    const h = mount({ slos: [healthy, breached], size: { columns: 132, rows: 40 } });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('Website') && f.includes('Payments'));
    const spark = (name: string) => /[▁▂▃▄▅▆▇█]+/.exec(frame.split('\n').find((l) => l.includes(name))!)![0];
    // Healthy stays at or above the objective's height (▅); a breach falls below it, never to the floor here.
    expect(spark('Website')).toMatch(/^[▅▆▇█]+$/);
    expect(spark('Website')).not.toContain('▁');
    expect(spark('Payments')).toMatch(/[▃▄]$/);
  });
});

describe('the SLO strip\'s critical threshold', () => {
  it('is on each row that has one, at 80 columns too, with the sparkline and the name still there', async () => {
    const trend = [0.999, 0.9985, 0.998, 0.9975].map((v, i) => [1_700_000_000 + i * 3600, v] as [number, number]);
    const slos = [
      slo('pay', { name: 'Payments', status: 'breached', objective: 0.998, compliance: 0.9975, critical: { kind: 'below', ratio: 0.995 }, trend }),
      slo('search', { name: 'Search', objective: 0.95, critical: { kind: 'quantile_above', quantile: 0.95, seconds: 3 } }),
      slo('web', { name: 'Website' }),
    ];
    const h = mount({ slos, size: { columns: 80, rows: 24 } });
    h.store.dispatch({ type: 'focus', pane: 'slo' });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('Website'));
    const row = (name: string) => frame.split('\n').find((l) => l.includes(name)) ?? '';
    expect(row('Payments')).toContain('crit 99.5%');
    expect(row('Payments')).toMatch(/[▁▂▃▄▅▆▇█]{4}/);
    expect(row('Search')).toContain('crit p95>3s');
    expect(row('Website')).not.toContain('crit');
  });
});
