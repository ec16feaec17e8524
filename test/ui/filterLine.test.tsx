import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { alert, incident } from '../state/fixtures.js';
import { mount } from './harness.js';
import { press, type, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

const alerts = [
  alert('a1', { alertname: 'HighLatency', service: 'api', severity: 'warning', instance: 'web-1:9090' }),
  alert('a2', { alertname: 'HighLatency', service: 'api', severity: 'warning', instance: 'web-2:9090' }),
  alert('a3', { alertname: 'DiskFull', service: 'db', severity: 'critical', instance: 'db-1:9100' }),
];
const line = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';

describe('the filter line', () => {
  it('an invalid regex shows its error in the filter line and keeps the last valid result', async () => {
    const h = mount({ alerts });
    press(h.stdin, '/');
    type(h.stdin, 'alertname=~Disk.*');
    await waitForFrame(h.lastFrame, (f) => f.includes('db-1:9100') && !f.includes('web-1:9090'));
    type(h.stdin, ')');
    const frame = await waitForFrame(h.lastFrame, (f) => /invalid regular expression/i.test(f));
    expect(line(frame, '/alertname=~Disk.*)')).toMatch(/invalid regular expression/i);
    expect(frame).toContain('db-1:9100');
    expect(frame).not.toContain('web-1:9090');
    // Enter keeps the last valid filter, not the broken text.
    press(h.stdin, 'enter');
    const after = await waitForFrame(h.lastFrame, (f) => !f.includes('/alertname'));
    expect(after).toContain('filter: alertname=~Disk.*');
    expect(after).not.toContain('Disk.*)');
    expect(after).toContain('db-1:9100');
  });

  it('the regex of the report, alertname=~(, says why instead of silently matching nothing', async () => {
    const h = mount({ alerts });
    press(h.stdin, '/');
    type(h.stdin, 'alertname=~(');
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('/alertname=~('));
    expect(line(frame, '/alertname=~(')).toMatch(/invalid regular expression/i);
  });

  it('reopening / edits the current text, cursor at the end; ctrl-u clears it', async () => {
    const h = mount({ alerts });
    press(h.stdin, '/');
    type(h.stdin, 'disk');
    press(h.stdin, 'enter');
    await waitForFrame(h.lastFrame, (f) => !f.includes('web-1:9090') && f.includes('filter: disk'));
    press(h.stdin, '/');
    await waitForFrame(h.lastFrame, (f) => f.includes('/disk_'));
    press(h.stdin, 'backspace', 'backspace', 'backspace', 'backspace');
    type(h.stdin, 'web-2');
    await waitForFrame(h.lastFrame, (f) => f.includes('/web-2_') && f.includes('web-2:9090') && !f.includes('db-1:9100'));
    h.stdin.write('\u0015'); // ctrl-u
    await waitForFrame(h.lastFrame, (f) => f.includes('/_') && f.includes('db-1:9100') && f.includes('web-1:9090'));
  });

  it('the pane title says how many matched of how many', async () => {
    const h = mount({ alerts, incidents: [incident('P1', { title: 'Checkout is down' }), incident('P2', { title: 'Search slow' })] });
    press(h.stdin, '/');
    type(h.stdin, 'severity=critical');
    press(h.stdin, 'enter');
    const frame = await waitForFrame(h.lastFrame, (f) => !f.includes('web-1:9090'));
    expect(line(frame, 'Alerts')).toContain('1 of 3 firing');
    press(h.stdin, 'tab', '/');
    type(h.stdin, 'search');
    press(h.stdin, 'enter');
    const inc = await waitForFrame(h.lastFrame, (f) => !f.includes('Checkout is down'));
    expect(line(inc, 'Incidents')).toContain('1 of 2');
  });
});

describe('marks', () => {
  it('space marks the row under the cursor and leaves the cursor there; j moves on', async () => {
    const h = mount({ alerts, incidents: [incident('P1', { number: 7, title: 'Checkout is down' }), incident('P2', { number: 9, title: 'Search slow', urgency: 'low' })] });
    press(h.stdin, 'tab', 'space');
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('1 marked'));
    expect(line(frame, '#7')).toMatch(/^▶/);
    press(h.stdin, 'space');
    await waitForFrame(h.lastFrame, (f) => !f.includes('marked'));
    press(h.stdin, 'j', 'space');
    const second = await waitForFrame(h.lastFrame, (f) => f.includes('1 marked'));
    expect(line(second, '#9')).toMatch(/^▶/);
  });
});
