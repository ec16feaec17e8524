import { describe, expect, it } from 'vitest';
import { holdWhileTyping, MAX_HOLD_MS, QUIET_MS } from '../../src/state/hold.js';
import { createStore } from '../../src/state/store.js';
import { FakeTimers } from './fakeTimers.js';
import { alert, silence, state } from './fixtures.js';

function setup() {
  const timers = new FakeTimers();
  const store = createStore(state());
  const answers = holdWhileTyping(store, { timers, clock: timers.clock });
  const names = () => store.getState().alerts.map((a) => a.fingerprint);
  const answer = (...fps: string[]) => answers.dispatch({ type: 'alertsLoaded', alerts: fps.map((f) => alert(f, { alertname: f })), silences: [] });
  return { timers, store, answers, names, answer };
}

describe('poll answers wait while keys are pressed', () => {
  it('an answer with no key pressed lately is shown at once', () => {
    const { names, answer } = setup();
    answer('a1');
    expect(names()).toEqual(['a1']);
  });

  it('an answer that comes while the user types is shown once no key has come for a moment', async () => {
    const { timers, answers, names, answer } = setup();
    answers.keyPressed();
    await timers.advance(100);
    answer('a1');
    expect(names()).toEqual([]);
    await timers.advance(150);
    answers.keyPressed(); // still typing
    await timers.advance(QUIET_MS - 1);
    expect(names()).toEqual([]);
    await timers.advance(1);
    expect(names()).toEqual(['a1']);
  });

  it('a key held down does not freeze the data: the answer is shown a few seconds after it came', async () => {
    const { timers, answers, names, answer } = setup();
    answers.keyPressed();
    answer('a1');
    for (let t = 0; t < MAX_HOLD_MS - 50; t += 50) {
      await timers.advance(50);
      answers.keyPressed();
    }
    expect(names()).toEqual([]);
    await timers.advance(50);
    expect(names()).toEqual(['a1']);
  });

  it('the newest answer wins; keys and other actions are not held', async () => {
    const { timers, store, answers, names, answer } = setup();
    answers.keyPressed();
    answer('old');
    answer('new');
    answers.dispatch({ type: 'focus', pane: 'incidents' });
    expect(store.getState().focus).toBe('incidents');
    await timers.advance(QUIET_MS);
    expect(names()).toEqual(['new']);
  });

  it('a silence expired while an older answer waits stays expired: the answer is applied before the write', async () => {
    const { timers, store, answers } = setup();
    answers.dispatch({ type: 'alertsLoaded', alerts: [], silences: [silence('s1', [])] });
    answers.keyPressed();
    answers.dispatch({ type: 'alertsLoaded', alerts: [], silences: [silence('s1', []), silence('s2', [])] });
    answers.dispatch({ type: 'silenceExpired', id: 's1' });
    expect(store.getState().silences.map((s) => s.id)).toEqual(['s2']);
    await timers.advance(QUIET_MS);
    expect(store.getState().silences.map((s) => s.id)).toEqual(['s2']);
  });

  it('stop drops what waits: a closed dashboard applies nothing later', async () => {
    const { timers, answers, names, answer } = setup();
    answers.keyPressed();
    answer('a1');
    answers.stop();
    await timers.advance(MAX_HOLD_MS);
    expect(names()).toEqual([]);
    expect(timers.pending()).toBe(0);
  });
});
