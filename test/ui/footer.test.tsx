import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { hints, KEYMAP, WORDS } from '../../src/keymap/keymap.js';
import { scopesFor } from '../../src/dispatch/dispatch.js';
import { alert, incident, T0 } from '../state/fixtures.js';
import { mount } from './harness.js';
import { press, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

const alerts = [
  alert('a1', { alertname: 'HighLatency', service: 'api', severity: 'warning', instance: 'web-1:9090' }),
  alert('a2', { alertname: 'DiskFull', service: 'db', severity: 'critical', instance: 'db-1:9100' }),
];
const lastLine = (frame: string) => frame.trimEnd().split('\n').at(-1) ?? '';

describe('hint bar', () => {
  for (const columns of [80, 100, 60]) {
    it(`keeps "q quit" and "? help" at ${columns} columns`, async () => {
      const h = mount({ alerts, incidents: [incident('P1')], size: { columns, rows: 24 } });
      const frame = await waitForFrame(h.lastFrame, (f) => f.includes('DiskFull'));
      expect(lastLine(frame)).toContain('q quit');
      expect(lastLine(frame)).toContain('? help');
      for (const l of frame.split('\n')) expect([...l].length).toBeLessThanOrEqual(columns);
    });
  }
});

describe('hints come from the keymap', () => {
  it('a wide footer shows every hint of the scopes in play, in the keymap order', async () => {
    const h = mount({ alerts, size: { columns: 200, rows: 30 } });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('DiskFull'));
    const expected = hints(scopesFor(h.store.getState()), false).map((x) => `${x.key} ${x.label}`);
    expect(expected.length).toBeGreaterThan(5);
    expect(lastLine(frame).trim()).toBe(expected.join('  '));
  });
});

describe('help overlay', () => {
  it('wraps descriptions at 132×40 instead of cutting them', async () => {
    const h = mount({ alerts, size: { columns: 132, rows: 40 } });
    press(h.stdin, '?');
    let page = await waitForFrame(h.lastFrame, (f) => f.includes('Keys'));
    let seen = page;
    while (page.includes('more below')) {
      const before = page;
      press(h.stdin, 'pagedown');
      page = await waitForFrame(h.lastFrame, (f) => f !== before);
      seen += page;
    }
    expect(seen).not.toContain('…');
    const words = new Set(seen.split(/[\s│|]+/));
    for (const text of [...KEYMAP.map((b) => b.description), ...WORDS.map((w) => w.description)]) {
      for (const word of text.split(/\s+/)) expect(words.has(word), `"${word}" of "${text}"`).toBe(true);
    }
  });
});

describe('status line', () => {
  it('an info message fades after a few seconds', async () => {
    const h = mount({ alerts });
    press(h.stdin, 'ctrl-r');
    await waitForFrame(h.lastFrame, (f) => f.includes('refreshing every source'));
    h.store.dispatch({ type: 'tick', now: T0 + 2_000 });
    await waitForFrame(h.lastFrame, (f) => f.includes('refreshing every source'));
    h.store.dispatch({ type: 'tick', now: T0 + 10_000 });
    await waitForFrame(h.lastFrame, (f) => !f.includes('refreshing every source') && f.includes('DiskFull'));
  });

  it('a failure stays while it holds, then fades like the rest', async () => {
    const h = mount({ alerts });
    await waitForFrame(h.lastFrame, (f) => f.includes('DiskFull'));
    h.store.dispatch({ type: 'pollFailed', source: 'pagerduty', at: T0, latencyMs: 5, message: 'pagerduty: 503', kind: 'server' });
    h.store.dispatch({ type: 'status', text: 'acknowledge failed: pagerduty: 503', tone: 'error', source: 'pagerduty' });
    h.store.dispatch({ type: 'tick', now: T0 + 60_000 });
    await waitForFrame(h.lastFrame, (f) => f.includes('acknowledge failed'));
    h.store.dispatch({ type: 'pollOk', source: 'pagerduty', at: T0 + 61_000, latencyMs: 5, slow: false });
    h.store.dispatch({ type: 'tick', now: T0 + 62_000 });
    await waitForFrame(h.lastFrame, (f) => !f.includes('acknowledge failed'));
  });

  it('a write that failed while its source is down stays on the status line until the source answers', async () => {
    const h = mount({ alerts, incidents: [incident('P1', { number: 7 })], state: { focus: 'incidents' }, pd: { acknowledge: async () => Promise.reject(new Error('connect ECONNREFUSED')) } });
    h.store.dispatch({ type: 'pollFailed', source: 'pagerduty', at: T0, latencyMs: 5, message: 'pagerduty: connection refused', kind: 'network' });
    press(h.stdin, 'a');
    await waitForFrame(h.lastFrame, (f) => /failed: .*ECONNREFUSED/.test(f));
    h.store.dispatch({ type: 'tick', now: T0 + 120_000 });
    h.store.dispatch({ type: 'alertsLoaded', alerts: [...alerts, alert('a3', { alertname: 'NewAlert', severity: 'critical' })], silences: [] });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('NewAlert'));
    expect(frame).toMatch(/failed: .*ECONNREFUSED/);
    h.store.dispatch({ type: 'pollOk', source: 'pagerduty', at: T0 + 121_000, latencyMs: 5, slow: false });
    await waitForFrame(h.lastFrame, (f) => !f.includes('ECONNREFUSED'));
  });

  it('an error that holds nothing fades too, only later than news', async () => {
    const h = mount({ alerts, state: { focus: 'incidents' } });
    press(h.stdin, 'a');
    await waitForFrame(h.lastFrame, (f) => f.includes('no incident selected'));
    h.store.dispatch({ type: 'tick', now: T0 + 6_000 });
    h.store.dispatch({ type: 'alertsLoaded', alerts: [...alerts, alert('a3', { alertname: 'NewAlert', severity: 'critical' })], silences: [] });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('NewAlert'));
    expect(frame).toContain('no incident selected');
    h.store.dispatch({ type: 'tick', now: T0 + 30_000 });
    await waitForFrame(h.lastFrame, (f) => !f.includes('no incident selected'));
  });
});
