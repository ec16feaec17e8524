import { afterEach, describe, expect, it } from 'vitest';
import { alert, incident, silence, T0 } from '../state/fixtures.js';
import { mount } from './harness.js';
import { waitForFrame } from './helpers.js';

/**
 * What follows the clock between polls: every age and countdown reads as at the tick, each on its
 * own minute (an alert 5m10s old says 5m whatever the wall clock's seconds), and rows whose figure
 * did not change stay as they were.
 */
const SEC = 1000;
const MIN = 60 * SEC;

let app: ReturnType<typeof mount> | undefined;
afterEach(() => app?.unmount());

const line = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';

describe('the clock between polls', () => {
  it('ages each alert to its own minute, and a young alert by the second', async () => {
    const old = alert('fp-old', { alertname: 'DiskFull', severity: 'critical', instance: 'db-1' }, { startsAt: new Date(T0 - 4 * MIN - 30 * SEC) });
    const young = alert('fp-young', { alertname: 'CpuHot', severity: 'critical', instance: 'web-1' }, { startsAt: new Date(T0 - 10 * SEC) });
    app = mount({ alerts: [old, young], size: { columns: 120, rows: 30 } });
    let frame = await waitForFrame(app.lastFrame, (f) => f.includes('DiskFull on db-1'));
    expect(line(frame, 'DiskFull on db-1')).toMatch(/ 4m {2}db-1 /);
    expect(line(frame, 'CpuHot on web-1')).toMatch(/ 10s {2}web-1 /);
    // 40 s on: the old alert is 5m10s old, the young one 50 s; a clock cut to the wall minute said 4m and 10s.
    app.store.dispatch({ type: 'tick', now: T0 + 40 * SEC });
    frame = await waitForFrame(app.lastFrame, (f) => / 50s {2}web-1 /.test(f));
    expect(line(frame, 'DiskFull on db-1')).toMatch(/ 5m {2}db-1 /);
    app.store.dispatch({ type: 'tick', now: T0 + 41 * SEC });
    frame = await waitForFrame(app.lastFrame, (f) => / 51s {2}web-1 /.test(f));
    expect(line(frame, 'DiskFull on db-1')).toMatch(/ 5m {2}db-1 /);
  });

  it("counts an incident's last minute down by the second, and leaves the other rows as they were", async () => {
    // High urgency: 5 minutes to ack. One has 45 s left, the other 3m.
    const soon = incident('PINC1', { number: 11, title: 'payments down', createdAt: new Date(T0 - 4 * MIN - 15 * SEC) });
    const later = incident('PINC2', { number: 12, title: 'disk filling', createdAt: new Date(T0 - 2 * MIN) });
    app = mount({ incidents: [soon, later], state: { focus: 'incidents' }, size: { columns: 200, rows: 30 } });
    let frame = await waitForFrame(app.lastFrame, (f) => f.includes('ack in 45s'));
    expect(line(frame, 'disk filling')).toContain('ack in 3m');
    app.store.dispatch({ type: 'tick', now: T0 + SEC });
    frame = await waitForFrame(app.lastFrame, (f) => f.includes('ack in 44s'));
    expect(line(frame, 'disk filling')).toContain('ack in 3m');
    // Its age turns over on its own minute: created 2m ago at T0, 3m ago 60 s later, ack in 2m.
    app.store.dispatch({ type: 'tick', now: T0 + MIN });
    frame = await waitForFrame(app.lastFrame, (f) => f.includes('!ack overdue 15s'));
    expect(line(frame, 'disk filling')).toMatch(/ 3m {2}ack in 2m /);
  });

  it('says the time a silence has left from the tick, not from the minute before it', async () => {
    const m = [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }];
    app = mount({ silences: [silence('sil-disk1', m, { endsAt: new Date(T0 + 20 * MIN + 30 * SEC) })], state: { view: 'silences' }, size: { columns: 120, rows: 30 } });
    let frame = await waitForFrame(app.lastFrame, (f) => f.includes('sil-disk'));
    expect(line(frame, 'sil-disk')).toContain('20m left');
    // 40 s on, 19m50s are left.
    app.store.dispatch({ type: 'tick', now: T0 + 40 * SEC });
    frame = await waitForFrame(app.lastFrame, (f) => f.includes('19m left'));
  });

  it("keeps the details' ages moving", async () => {
    const a = alert('fp-old', { alertname: 'DiskFull', severity: 'critical', instance: 'db-1' }, { startsAt: new Date(T0 - 10 * MIN) });
    app = mount({ alerts: [a], size: { columns: 160, rows: 30 } });
    await waitForFrame(app.lastFrame, (f) => f.includes('(10m ago)'));
    app.store.dispatch({ type: 'tick', now: T0 + MIN });
    await waitForFrame(app.lastFrame, (f) => f.includes('(11m ago)'));
  });
});
