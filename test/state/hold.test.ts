import { describe, expect, it } from 'vitest';
import { holdWhileTyping, MAX_HOLD_MS, QUIET_MS } from '../../src/state/hold.js';
import { createStore } from '../../src/state/store.js';
import type { SilenceClient } from '../../src/actions/ports.js';
import { ackComment } from '../../src/domain/ack.js';
import type { Silence } from '../../src/domain/types.js';
import { watchAckSilences } from '../../src/state/ackExpiry.js';
import { FakeTimers, flush } from './fakeTimers.js';
import { alert, incident, silence, state, T0 } from './fixtures.js';

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
    answer('a0');
    answer('a1');
    expect(names()).toEqual(['a1']);
  });

  it('the first answer is shown at once, even while keys come: there is nothing on screen to move', () => {
    const { answers, names, answer } = setup();
    answers.keyPressed();
    answer('a1');
    expect(names()).toEqual(['a1']);
  });

  it('the poll\'s status waits behind its answer: the header does not say "ok 0s" over the old list', async () => {
    const { timers, store, answers, names, answer } = setup();
    answer('a0');
    answers.keyPressed();
    answer('a1');
    answers.dispatch({ type: 'pollOk', source: 'alertmanager', at: 1234, latencyMs: 5, slow: false });
    expect(store.getState().sources.alertmanager.lastOkAt).toBeUndefined();
    await timers.advance(QUIET_MS);
    expect(names()).toEqual(['a1']);
    expect(store.getState().sources.alertmanager.lastOkAt).toBe(1234);
  });

  it('an answer that comes while the user types is shown once no key has come for a moment', async () => {
    const { timers, answers, names, answer } = setup();
    answer('a0');
    answers.keyPressed();
    await timers.advance(100);
    answer('a1');
    expect(names()).toEqual(['a0']);
    await timers.advance(150);
    answers.keyPressed(); // still typing
    await timers.advance(QUIET_MS - 1);
    expect(names()).toEqual(['a0']);
    await timers.advance(1);
    expect(names()).toEqual(['a1']);
  });

  it('a key held down does not freeze the data: the answer is shown a few seconds after it came', async () => {
    const { timers, answers, names, answer } = setup();
    answer('a0');
    answers.keyPressed();
    answer('a1');
    for (let t = 0; t < MAX_HOLD_MS - 50; t += 50) {
      await timers.advance(50);
      answers.keyPressed();
    }
    expect(names()).toEqual(['a0']);
    await timers.advance(50);
    expect(names()).toEqual(['a1']);
  });

  it('the newest answer wins; keys and other actions are not held', async () => {
    const { timers, store, answers, names, answer } = setup();
    answer('a0');
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
    answer('a0');
    answers.keyPressed();
    answer('a1');
    answers.stop();
    answer('a2'); // a routing tree or an answer that comes after the session ended
    await timers.advance(MAX_HOLD_MS);
    expect(names()).toEqual(['a0']);
    expect(timers.pending()).toBe(0);
  });
});

describe('the ack-silence watcher reads what the held answers bring', () => {
  const M = [{ name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true }];
  function watched() {
    const timers = new FakeTimers();
    const expired: string[] = [];
    const am: SilenceClient = { silences: async () => [], createSilence: async () => 'x', updateSilence: async () => 'x', expireSilence: async (id) => void expired.push(id) };
    const store = createStore(state());
    const answers = holdWhileTyping(store, { timers, clock: timers.clock });
    // Wired as src/cli/session.ts wires it: the watcher reads and writes through `answers`.
    const stop = watchAckSilences(answers, am, () => ({ context: { name: 'staging', author: 'ada' }, now: () => new Date(T0) }));
    // What a poller's onResult sends: its answer, then pollOk.
    const amAnswer = (silences: Silence[], at: number) => {
      answers.dispatch({ type: 'alertsLoaded', alerts: [], silences });
      answers.dispatch({ type: 'pollOk', source: 'alertmanager', at, latencyMs: 5, slow: false });
    };
    const pdAnswer = (ids: string[], at: number) => {
      answers.dispatch({ type: 'incidentsLoaded', incidents: ids.map((id) => incident(id)), oncalls: [] });
      answers.dispatch({ type: 'pollOk', source: 'pagerduty', at, latencyMs: 5, slow: false });
    };
    return { timers, store, answers, expired, stop, amAnswer, pdAnswer };
  }

  it('a colleague\'s ack silence of an incident new to us is not expired while its answer waits', async () => {
    const { timers, answers, expired, stop, amAnswer, pdAnswer } = watched();
    amAnswer([], T0);
    pdAnswer(['PINC007'], T0 + 1);
    // Alertmanager (15 s polls) lists the ack silence of #9 before PagerDuty (30 s) lists #9.
    amAnswer([silence('ack-9', M, { comment: ackComment([{ number: 9, id: 'PINC009' }], 'bob') })], T0 + 2);
    await flush();
    answers.keyPressed();
    pdAnswer(['PINC007', 'PINC009'], T0 + 3);
    await flush();
    await timers.advance(QUIET_MS);
    expect(expired).toEqual([]);
    stop();
  });

  it('an ack silence it expires does not come back from an answer that waited meanwhile', async () => {
    const { timers, answers, expired, stop, amAnswer, pdAnswer, store } = watched();
    const ack7 = silence('ack-7', M, { comment: ackComment([{ number: 7, id: 'PINC007' }], 'ada') });
    pdAnswer(['PINC007'], T0);
    amAnswer([ack7], T0 + 1);
    pdAnswer([], T0 + 2); // #7 resolved: ack-7 is expired
    answers.keyPressed();
    amAnswer([ack7, silence('other', M)], T0 + 3); // read before the expiry, held
    await flush();
    expect(expired).toEqual(['ack-7']);
    await timers.advance(QUIET_MS);
    expect(store.getState().silences.map((s) => s.id)).toEqual(['other']);
    stop();
  });

  it('a resolved incident\'s ack silence is expired once its held answer is applied, not a poll later', async () => {
    const { timers, answers, expired, stop, amAnswer, pdAnswer } = watched();
    amAnswer([silence('ack-7', M, { comment: ackComment([{ number: 7, id: 'PINC007' }], 'ada') })], T0);
    pdAnswer(['PINC007'], T0 + 1);
    answers.keyPressed();
    pdAnswer([], T0 + 2);
    await timers.advance(QUIET_MS);
    expect(expired).toEqual(['ack-7']);
    stop();
  });
});

describe('quiet(): an answer is parsed once the keys pause', () => {
  it('with no key lately it lets go at once; while keys come, once none has come for QUIET_MS', async () => {
    const { timers, answers } = setup();
    let quiet = false;
    await answers.quiet();
    answers.keyPressed();
    void answers.quiet().then(() => (quiet = true));
    await timers.advance(QUIET_MS - 1);
    expect(quiet).toBe(false);
    answers.keyPressed(); // still typing
    await timers.advance(QUIET_MS - 1);
    expect(quiet).toBe(false);
    await timers.advance(1);
    expect(quiet).toBe(true);
  });

  it('a key held down holds it MAX_HOLD_MS at most, and the session ending lets it go', async () => {
    const { timers, answers } = setup();
    let held = false;
    answers.keyPressed();
    void answers.quiet().then(() => (held = true));
    for (let t = 0; t < MAX_HOLD_MS - 100; t += 100) {
      await timers.advance(100);
      answers.keyPressed();
    }
    expect(held).toBe(false);
    await timers.advance(100);
    expect(held).toBe(true);
    let ended = false;
    answers.keyPressed();
    void answers.quiet().then(() => (ended = true));
    answers.stop();
    await timers.advance(1);
    expect(ended).toBe(true);
  });
});
