import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { T0, incident } from '../state/fixtures.js';
import { mount } from './harness.js';
import { press, type, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

/** The incident details show its notes, newest first with author and time, read when the details open. */
const MIN = 60_000;
const notes = [
  { id: 'N1', content: 'replica restarted', createdAt: new Date(T0 - 30 * MIN), user: { id: 'PGRC', name: 'Grace Hopper' } },
  { id: 'N2', content: 'lag back under 5s, watching', createdAt: new Date(T0 - 5 * MIN), user: { id: 'PADA', name: 'Ada Lovelace' } },
];

describe('incident notes in the details', () => {
  it('reads the notes when the details open and shows them newest first', async () => {
    const asked: string[] = [];
    const h = mount({ incidents: [incident('P1', { number: 7, title: 'Replication lag' })], pd: { notes: async (id) => (asked.push(id), notes) } });
    press(h.stdin, 'tab');
    await waitForFrame(h.lastFrame, (f) => f.includes('#7'));
    expect(asked).toEqual([]);
    press(h.stdin, 'enter');
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('replica restarted'));
    expect(asked).toEqual(['P1']);
    expect(frame).toMatch(/notes \(2, newest first\)/);
    expect(frame).toMatch(/5m ago\s+Ada Lovelace/);
    expect(frame).toMatch(/30m ago\s+Grace Hopper/);
    expect(frame.indexOf('lag back under 5s, watching')).toBeLessThan(frame.indexOf('replica restarted'));
  });

  it('shows a note added with n while the details are open', async () => {
    const list = [...notes];
    const pd = {
      notes: async () => list,
      addNote: async (_id: string, content: string) => {
        const note = { id: 'N3', content, createdAt: new Date(T0), user: { id: 'PADA', name: 'Ada Lovelace' } };
        list.push(note);
        return note;
      },
    };
    const h = mount({ incidents: [incident('P1', { number: 7 })], pd });
    press(h.stdin, 'tab', 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('notes (2, newest first)'));
    press(h.stdin, 'n');
    type(h.stdin, 'rolled back deploy 4512');
    press(h.stdin, 'enter');
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('notes (3, newest first)'));
    expect(frame.indexOf('rolled back deploy 4512')).toBeLessThan(frame.indexOf('lag back under 5s'));
  });

  it('says when the notes could not be read, and when there are none', async () => {
    const failing = mount({ incidents: [incident('P1', { number: 7 })], pd: { notes: async () => Promise.reject(new Error('pagerduty: 503 Service Unavailable')) } });
    press(failing.stdin, 'tab', 'enter');
    await waitForFrame(failing.lastFrame, (f) => f.includes('notes not read: pagerduty: 503 Service Unavailable'));
    cleanup();
    const none = mount({ incidents: [incident('P1', { number: 7 })], pd: { notes: async () => [] } });
    press(none.stdin, 'tab', 'enter');
    await waitForFrame(none.lastFrame, (f) => f.includes('notes: none'));
  });
});
