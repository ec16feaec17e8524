import { describe, expect, it } from 'vitest';
import { slo } from '../state/fixtures.js';
import { mount } from './harness.js';
import { plain, press, waitForFrame } from './helpers.js';

describe('the SLO details', () => {
  it('enter shows the lines of `oncall slo --explain`: the status in words', async () => {
    const h = mount({ slos: [slo('checkout'), slo('search', { status: 'at_risk' })], size: { columns: 132, rows: 40 } });
    h.store.dispatch({ type: 'focus', pane: 'slo' });
    await waitForFrame(h.lastFrame, (f) => f.includes('SLOs'));
    press(h.stdin, 'enter');
    const f = plain(await waitForFrame(h.lastFrame, (f) => f.includes('status ')));
    expect(f).toContain('status at risk');
  });
});
