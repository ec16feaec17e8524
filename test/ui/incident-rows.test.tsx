import { format } from 'date-fns';
import { afterEach, describe, expect, it } from 'vitest';
import type { EscalationPolicy } from '../../src/domain/response.js';
import type { Incident, OnCall } from '../../src/domain/types.js';
import { incident, T0 } from '../state/fixtures.js';
import { mount } from './harness.js';
import { plain, waitForFrame } from './helpers.js';

/**
 * The incident rows' response countdowns: time to the next target, overdue ones marked with `!`
 * (seen without colour too) and sorted up, the escalation level and a snooze; the details name the
 * next escalation or say why it is unknown.
 */
const MIN = 60_000;
const policy = { id: 'PEP1', name: 'Payments On-Call' };
const ada = { id: 'PU1', name: 'Ada' };
const grace = { id: 'PU2', name: 'Grace' };
const onCall = (user: { id: string; name: string }, level: number): OnCall => ({ user, escalationPolicy: policy, level });

const overdue = incident('PINC1', { number: 11, title: 'payments down', createdAt: new Date(T0 - 12 * MIN), escalationPolicy: policy, assignees: [ada] });
const warning = incident('PINC2', { number: 12, title: 'disk filling', urgency: 'low', createdAt: new Date(T0 - 5 * MIN), escalationPolicy: policy, assignees: [ada] });
const snoozed = incident('PINC3', { number: 13, title: 'replica lag', status: 'acknowledged', createdAt: new Date(T0 - 19 * MIN), snoozedUntil: new Date(T0 + 30 * MIN), assignees: [ada] });
const escalated = incident('PINC4', { number: 14, title: 'checkout slow', status: 'acknowledged', createdAt: new Date(T0 - 10 * MIN), escalationPolicy: policy, assignees: [grace] });
const incidents: Incident[] = [warning, snoozed, escalated, overdue];
const oncalls = [onCall(ada, 1), onCall(grace, 2)];

let app: ReturnType<typeof mount> | undefined;
afterEach(() => app?.unmount());

const rowOf = (frame: string, title: string) => frame.split('\n').find((l) => l.includes(title) && /#1\d +(TRIG|ACK|SNZ)/.test(l)) ?? '';

describe('incident rows: response countdowns', () => {
  it('show the time to the next target, overdue first with a ! marker, and fit 80 columns', async () => {
    app = mount({ incidents, oncalls, state: { focus: 'incidents' }, size: { columns: 80, rows: 24 } });
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('payments down')));
    const rows = frame.split('\n').filter((l) => /#1[1-4]/.test(l));
    expect(rows.map((l) => /#(1\d)/.exec(l)?.[1])).toEqual(['11', '12', '13', '14']);
    expect(rowOf(frame, 'payments down')).toMatch(/#11 +TRIG H - +12m {2}!ack overdue 7m /);
    expect(rowOf(frame, 'disk filling')).toMatch(/ack in 25m /);
    expect(rowOf(frame, 'checkout slow')).toMatch(/resolve in 50m .* L2 checkout slow/);
    expect(rowOf(frame, 'replica lag')).toMatch(new RegExp(`#13 +SNZ .*snoozed until ${format(new Date(T0 + 30 * MIN), 'HH:mm')} `));
    expect(rowOf(frame, 'disk filling')).not.toContain('!');
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('counts down with the clock, without a poll', async () => {
    app = mount({ incidents, oncalls, state: { focus: 'incidents' } });
    await waitForFrame(app.lastFrame, (f) => f.includes('!ack overdue 7m'));
    app.store.dispatch({ type: 'tick', now: T0 + 2 * MIN });
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('!ack overdue 9m')));
    expect(rowOf(frame, 'disk filling')).toMatch(/ack in 23m /);
    // Past its target, the warning incident turns overdue too, in place: the order is by target time.
    app.store.dispatch({ type: 'tick', now: T0 + 26 * MIN });
    const later = plain(await waitForFrame(app.lastFrame, (f) => f.includes('!ack overdue 1m')));
    expect(rowOf(later, 'disk filling')).toContain('!ack overdue 1m');
  });
});

describe('incident details: the next escalation', () => {
  const chain: EscalationPolicy = {
    ...policy,
    rules: [{ delayMinutes: 15, targets: [{ type: 'user', id: 'PU1', name: 'Ada' }] }, { delayMinutes: 30, targets: [{ type: 'user', id: 'PU9', name: 'Bo Backup' }] }],
  };

  it('names who is paged next and when', async () => {
    app = mount({ incidents, oncalls, state: { focus: 'incidents', escalation: { policies: { PEP1: chain }, errors: {} } }, size: { columns: 132, rows: 40 } });
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('next escalation')));
    expect(frame).toContain('next escalation: → Bo Backup in 3m (level 2)');
    expect(frame).toMatch(/response \(critical\): ack by \d\d:\d\d — OVERDUE/);
  });

  it('says why it is unknown when the policy could not be read', async () => {
    const errors = { PEP1: 'pagerduty: 403 forbidden' };
    app = mount({ incidents, oncalls, state: { focus: 'incidents', escalation: { policies: {}, errors } }, size: { columns: 132, rows: 40 } });
    const frame = plain(await waitForFrame(app.lastFrame, (f) => f.includes('next escalation')));
    // The details pane wraps it: read its lines as one text.
    const details = frame.split('\n').map((l) => l.slice(80).trim()).join(' ');
    expect(details).toContain('next escalation: unknown, the escalation policy could not be read: pagerduty: 403 forbidden');
    // The rest of the row is there.
    expect(rowOf(frame, 'payments down')).toContain('!ack overdue 7m');
  });
});
