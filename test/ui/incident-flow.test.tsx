import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { IncidentSource } from '../../src/state/ports.js';
import { incident } from '../state/fixtures.js';
import { mount } from './harness.js';
import { press, type, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

/** E, A, S, P, M on the incidents pane and `:take`: the line asks, the confirmation names every target, y sends. */
const incidents = [
  incident('P1', { number: 101, title: 'Checkout is down' }),
  incident('P2', { number: 102, title: 'Search slow', status: 'acknowledged' }),
  incident('P3', { number: 103, title: 'Orders backlog' }),
];
const ADA = { id: 'PADA', name: 'Ada Lovelace', email: 'ada@example.com' };
const GRACE = { id: 'PGRC', name: 'Grace Hopper', email: 'grace@example.com' };
const HOUR = 3_600_000;

function flow(calls: string[]): Partial<IncidentSource> {
  const find = (id: string) => incidents.find((i) => i.id === id)!;
  return {
    incident: async (id) => find(id),
    logEntries: async () => [],
    escalate: async (id, level) => (calls.push(`escalate ${id} ${level}`), { ...find(id), assignees: [GRACE] }),
    reassign: async (id, users) => (calls.push(`reassign ${id} ${users.join(',')}`), { ...find(id), assignees: [GRACE] }),
    snooze: async (id, s) => (calls.push(`snooze ${id} ${s}`), find(id)),
    setPriority: async (id, p) => (calls.push(`priority ${id} ${p}`), { ...find(id), priority: 'P1' }),
    merge: async (target, sources) => {
      calls.push(`merge ${target} ${sources.join(',')}`);
    },
    priorities: async () => [{ id: 'PRI1', name: 'P1' }, { id: 'PRI2', name: 'P2' }],
    users: async () => [ADA, GRACE],
    schedules: async () => [{ id: 'PSCH', name: 'Payments Secondary', users: [ADA, GRACE], entries: [] }],
    schedule: async (id, since) => ({ id, name: 'Payments Secondary', users: [ADA, GRACE], entries: [{ user: GRACE, start: new Date(since.getTime() - HOUR), end: new Date(since.getTime() + 8 * HOUR) }] }),
    addOverride: async (id, o) => (calls.push(`override ${id} ${o.userId}`), { id: 'QOV', user: ADA, start: o.start, end: o.end }),
  };
}

function setup(readOnly = false) {
  const calls: string[] = [];
  const h = mount({
    incidents,
    pd: flow(calls),
    state: { context: { name: 'prod', isProd: false, readOnly, ...(readOnly ? { readOnlyReason: '--readonly' } : {}), author: 'ada', pdFrom: 'ada@example.com' } as never },
  });
  press(h.stdin, 'tab');
  return { h, calls };
}

describe('incident workflow keys', () => {
  it('E asks for the level, the confirmation names the incident with Cancel focused, y escalates', async () => {
    const { h, calls } = setup();
    await waitForFrame(h.lastFrame, (f) => f.includes('#101'));
    press(h.stdin, 'E');
    await waitForFrame(h.lastFrame, (f) => f.includes('escalate to level for #101'));
    type(h.stdin, '2');
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('Escalate #101 to level 2?'));
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('cancelled'));
    expect(calls).toEqual([]);
    press(h.stdin, 'E');
    await waitForFrame(h.lastFrame, (f) => f.includes('escalate to level for #101'));
    type(h.stdin, '2');
    press(h.stdin, 'enter', 'y');
    await waitForFrame(h.lastFrame, (f) => f.includes('#101 escalated to level 2 (Grace Hopper)'));
    expect(calls).toEqual(['escalate P1 2']);
  });

  it('S refuses a snooze PagerDuty would refuse before asking; P sets a priority by name', async () => {
    const { h, calls } = setup();
    press(h.stdin, 'G', 'S');
    await waitForFrame(h.lastFrame, (f) => f.includes('snooze for (1s to 7d) for #102'));
    type(h.stdin, '8d');
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('PagerDuty snoozes for 1s to 7d'));
    press(h.stdin, 'P');
    await waitForFrame(h.lastFrame, (f) => f.includes('priority (P1, P2…) for #102'));
    type(h.stdin, 'P1');
    press(h.stdin, 'enter', 'y');
    await waitForFrame(h.lastFrame, (f) => f.includes('#102 priority P1'));
    expect(calls).toEqual(['priority P2 PRI1']);
  });

  it('M merges the marked incidents into the selected one, naming them first', async () => {
    const { h, calls } = setup();
    press(h.stdin, 'j', 'space', 'j', 'space', 'g');
    await waitForFrame(h.lastFrame, (f) => f.includes('2 marked'));
    press(h.stdin, 'M');
    await waitForFrame(h.lastFrame, (f) => f.includes('Merge #103 #102 into #101? They will be resolved.'));
    expect(calls).toEqual([]);
    press(h.stdin, 'y');
    await waitForFrame(h.lastFrame, (f) => f.includes('merged #103 #102 into #101'));
    expect(calls).toEqual(['merge P1 P3,P2']);
  });

  it(':take names the schedule and who holds it, then overrides it for me', async () => {
    const { h, calls } = setup();
    press(h.stdin, ':');
    type(h.stdin, 'take');
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('Take the pager on Payments Secondary from Grace Hopper'));
    press(h.stdin, 'y');
    await waitForFrame(h.lastFrame, (f) => f.includes('on call for Payments Secondary until'));
    expect(calls).toEqual(['override PSCH PADA']);
  });

  it('in read-only mode the keys and :take say why and send nothing', async () => {
    const { h, calls } = setup(true);
    press(h.stdin, 'E');
    await waitForFrame(h.lastFrame, (f) => f.includes('read-only (--readonly): escalate is disabled'));
    for (const [key, what] of [['A', 'reassign'], ['S', 'snooze'], ['P', 'priority'], ['M', 'merge']] as const) {
      press(h.stdin, key);
      await waitForFrame(h.lastFrame, (f) => f.includes(`read-only (--readonly): ${what} is disabled`));
      expect(h.lastFrame()).not.toContain(' for #101');
    }
    press(h.stdin, ':');
    type(h.stdin, 'take');
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => f.includes('read-only: take is disabled'));
    expect(calls).toEqual([]);
  });
});
