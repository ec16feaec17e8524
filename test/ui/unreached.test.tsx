import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { T0 } from '../state/fixtures.js';
import { mount } from './harness.js';
import { press, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

/** A source that has never answered is unknown, not empty: "0 firing" would be a claim nobody checked. */
const REFUSED = 'alertmanager: connection refused (http://127.0.0.1:9) — is Alertmanager running?';

describe('sources that have not answered yet', () => {
  it('say unknown in the panes, their counts and the on-call line until the first answer', async () => {
    const h = mount({ size: { columns: 132, rows: 40 } });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('Alerts'));
    expect(frame).toMatch(/Alerts ─ \? firing/);
    expect(frame).toMatch(/Incidents ─ \?/);
    expect(frame).not.toMatch(/no firing alerts|no open incidents|0 firing/);
    expect(frame.match(/unknown: not reached yet/g)?.length).toBeGreaterThanOrEqual(2);
    expect(frame).toMatch(/on call: unknown: not reached yet/);
  });

  it('name the failure when the first answer never came, and show the data once it does', async () => {
    const h = mount({ size: { columns: 132, rows: 40 } });
    h.store.dispatch({ type: 'pollFailed', source: 'alertmanager', at: T0, latencyMs: 5, message: REFUSED, kind: 'network' });
    await waitForFrame(h.lastFrame, (f) => f.includes('unknown: alertmanager failing: connection refused (http://127.0.0.1:9)'));
    h.store.dispatch({ type: 'alertsLoaded', alerts: [], silences: [] });
    h.store.dispatch({ type: 'pollOk', source: 'alertmanager', at: T0 + 1000, latencyMs: 5, slow: false });
    const answered = await waitForFrame(h.lastFrame, (f) => f.includes('no firing alerts'));
    expect(answered).toMatch(/Alerts ─ 0 firing/);
    // Answered once, then failing: the last data stays, marked stale.
    h.store.dispatch({ type: 'pollFailed', source: 'alertmanager', at: T0 + 2000, latencyMs: 5, message: REFUSED, kind: 'network' });
    const stale = await waitForFrame(h.lastFrame, (f) => f.includes('STALE'));
    expect(stale).toContain('no firing alerts');
    expect(stale).not.toContain('unknown: alertmanager');
  });

  it('the silences view says unknown too', async () => {
    const h = mount({ size: { columns: 132, rows: 40 } });
    press(h.stdin, ':');
    for (const ch of 'silences') press(h.stdin, ch);
    press(h.stdin, 'enter');
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('Silences'));
    expect(frame).toMatch(/Silences ─ \?/);
    expect(frame).toContain('unknown: not reached yet');
    expect(frame).not.toContain('no active or pending silences');
  });
});
