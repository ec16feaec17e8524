import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { mount } from './harness.js';
import { waitForFrame } from './helpers.js';
import { slo } from '../state/fixtures.js';

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
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('SLOs'));
    expect(frame).toContain('no SLOs: none in the config and none discovered');
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
