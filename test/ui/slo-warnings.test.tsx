/**
 * Thanos answers with `warnings` when a store is down: the figures may miss data. They stay with the
 * SLO whose queries they came with, in `oncall slo --explain` and in the dashboard's SLO details, and
 * do not spill onto an SLO whose answers were whole.
 */
import { describe, expect, it } from 'vitest';
import { parseSloConfig } from '../../src/domain/slo/config.js';
import { formatSloExplain } from '../../src/domain/slo/explain.js';
import { evaluateSlos, type SloPrometheus } from '../../src/sources/prometheus/slo/evaluate.js';
import { mount } from './harness.js';
import { plain, press, waitForFrame } from './helpers.js';

const STORE_DOWN = 'partial response: store 10.0.0.7:10901 unavailable';

/** Checkout's metrics live on the store that is down; Search's do not. */
const prom: SloPrometheus = {
  query: async (expr) => ({ samples: [], warnings: expr.includes('checkout') ? [STORE_DOWN] : [] }),
  queryRange: async (expr, _start, _end, step) => ({ series: [], stepSeconds: step, warnings: expr.includes('checkout') ? [STORE_DOWN] : [] }),
  rules: async () => [],
};

const defs = parseSloConfig([
  { name: 'Checkout', service: 'shop', objective: '99%', window: '30d', sli: { query: 'max(sla:checkout:ratio_30d)' } },
  { name: 'Search', service: 'search', objective: '99%', window: '30d', sli: { query: 'max(sla:search:ratio_30d)' } },
]);

describe('Thanos warnings on the SLO they affect', () => {
  it('oncall slo --explain shows them on that SLO only', async () => {
    const [checkout, search] = await evaluateSlos(prom, defs, new Date('2026-01-05T12:00:00Z'));
    // Beside the status, and again among the figures.
    expect(formatSloExplain(checkout!).split('\n').slice(0, 7)).toContain(`  warnings ${STORE_DOWN}`);
    expect(formatSloExplain(checkout!)).toContain(`warnings: ${STORE_DOWN}`);
    expect(formatSloExplain(search!)).not.toContain('warnings');
  });

  it("the dashboard's SLO details show them, and the row carries a mark", async () => {
    const slos = await evaluateSlos(prom, defs, new Date('2026-01-05T12:00:00Z'));
    const h = mount({ slos, size: { columns: 132, rows: 60 } });
    h.store.dispatch({ type: 'focus', pane: 'slo' });
    expect(plain(await waitForFrame(h.lastFrame, (f) => f.includes('Checkout')))).toContain('! Checkout (shop)');
    press(h.stdin, 'enter');
    // On the first screen of the details, without scrolling to the end of the figures.
    const details = plain(await waitForFrame(h.lastFrame, (f) => f.includes('warnings ')));
    expect(details).toContain('Checkout (shop, config)');
    expect(details).toContain(STORE_DOWN);
  });
});
