import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/types.js';
import { startPollers } from '../../src/state/pollers.js';
import { createStore } from '../../src/state/store.js';
import { App } from '../../src/ui/App.js';
import { createDispatcher } from '../../src/dispatch/dispatch.js';
import { keyPresses } from '../../src/ui/keys.js';
import { colorWanted, makeTheme } from '../../src/ui/theme.js';
import { alert, incident, state, T0 } from '../state/fixtures.js';
import { deferred, FakeTimers } from '../state/fakeTimers.js';
import { press, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

describe('a slow source', () => {
  it('keeps keys answering while its poll is in flight, shows "slow", then the data', async () => {
    const t = new FakeTimers();
    t.now = T0;
    const store = createStore(state());
    const answer = deferred<Alert[]>();
    const control = startPollers(store, {
      alertmanager: { alerts: () => answer.promise, silences: async () => [], createSilence: async () => '', updateSilence: async () => '', expireSilence: async () => {} },
      pagerduty: { incidents: async () => [incident('P1', { number: 7 }), incident('P2', { number: 8 })], oncalls: async () => [], acknowledge: async () => [], resolve: async () => [], addNote: async () => ({}), incident: async (id) => incident(id), notes: async () => [] },
      poll: { alertmanagerMs: 15_000, pagerdutyMs: 30_000, prometheusMs: 30_000 },
      timers: t,
      clock: t.clock,
      slowMs: 3000,
    });
    const dispatcher = createDispatcher({ store, context: { name: 'staging', author: 'ada' }, now: () => new Date(t.now), refreshNow: control.refreshNow, setPaused: control.setPaused, quit: () => {} });
    const h = render(<App store={store} dispatcher={dispatcher} theme={makeTheme({ ascii: false, color: false, hyperlinks: false })} slowMs={3000} size={{ columns: 80, rows: 24 }} />);
    await waitForFrame(h.lastFrame, (f) => f.includes('#7'));
    press(h.stdin, 'tab');
    await waitForFrame(h.lastFrame, (f) => (f.split('\n').find((l) => l.includes('#7')) ?? '').startsWith('▶'));
    press(h.stdin, 'j');
    await waitForFrame(h.lastFrame, (f) => (f.split('\n').find((l) => l.includes('#8')) ?? '').startsWith('▶'));
    t.now = T0 + 5000;
    store.dispatch({ type: 'tick', now: t.now });
    await waitForFrame(h.lastFrame, (f) => /am ● slow 5s…/.test(f));
    answer.resolve([alert('a1', { alertname: 'Arrived', service: 'api' })]);
    await waitForFrame(h.lastFrame, (f) => f.includes('Arrived') && /am ● slow/.test(f));
    control.stop();
  });
});

describe('display options', () => {
  it('NO_COLOR turns colour off; an empty NO_COLOR does not', () => {
    expect(colorWanted({ NO_COLOR: '1' })).toBe(false);
    expect(colorWanted({ NO_COLOR: '' })).toBe(true);
    expect(colorWanted({})).toBe(true);
    expect(makeTheme({ ascii: false, color: false, hyperlinks: false }).c('critical')).toBeUndefined();
    expect(makeTheme({ ascii: false, color: true, hyperlinks: false }).c('critical')).toBe('red');
  });

  it('links are OSC 8 hyperlinks when enabled and plain URLs otherwise', () => {
    expect(makeTheme({ ascii: false, color: true, hyperlinks: true }).link('https://x.test/a', 'a')).toBe('\u001b]8;;https://x.test/a\u0007a\u001b]8;;\u0007');
    expect(makeTheme({ ascii: false, color: true, hyperlinks: false }).link('https://x.test/a', 'a')).toBe('a <https://x.test/a>');
  });

  it('the detail pane writes the runbook as an OSC 8 link to the terminal', async () => {
    const store = createStore(state({ alerts: [alert('a1', { alertname: 'X', service: 'api' }, { annotations: { runbook_url: 'https://runbooks.test/x' } })] }));
    const dispatcher = createDispatcher({ store, context: { name: 's', author: 'a' }, now: () => new Date(T0), refreshNow: () => {}, setPaused: () => {}, quit: () => {} });
    const h = render(<App store={store} dispatcher={dispatcher} theme={makeTheme({ ascii: false, color: false, hyperlinks: true })} slowMs={3000} size={{ columns: 160, rows: 40 }} />);
    press(h.stdin, 'j');
    await waitForFrame(h.lastFrame, (f) => f.includes('runbook_url'));
    expect(h.lastFrame()).toContain('\u001b]8;;https://runbooks.test/x\u0007');
  });
});

describe('key bursts', () => {
  const none = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false };
  it('splits typed-ahead characters into single presses, enter and ctrl keys included', () => {
    expect(keyPresses('jjk', none).map((k) => k.name)).toEqual(['j', 'j', 'k']);
    expect(keyPresses('fix\r', none).map((k) => k.name)).toEqual(['f', 'i', 'x', 'enter']);
    expect(keyPresses('a b\u0012', none).map((k) => k.name)).toEqual(['a', 'space', 'b', 'ctrl-r']);
    expect(keyPresses('r', { ...none, ctrl: true })).toEqual([{ name: 'ctrl-r' }]);
    expect(keyPresses('', { ...none, tab: true, shift: true })[0]?.name).toBe('shift-tab');
    // esc and q in one packet, as over a slow SSH link
    expect(keyPresses('q', { ...none, meta: true }).map((k) => k.name)).toEqual(['esc', 'q']);
  });
});
