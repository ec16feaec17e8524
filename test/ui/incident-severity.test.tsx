import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { dedupKeyOf } from '../../src/domain/correlation.js';
import { routingTreeFrom } from '../../src/domain/routing.js';
import { alert, incident, T0 } from '../state/fixtures.js';
import { mount } from './harness.js';
import { plain, waitForFrame } from './helpers.js';

/**
 * An incident's severity is its alert group's `severity` label where the join finds one, whatever
 * PagerDuty's urgency says; only without a group does high urgency count as critical. The runbook's
 * defaults: critical ack 5m / resolve 1h, warning ack 30m / resolve 4h.
 */
afterEach(() => cleanup());

const MIN = 60_000;
const routes = routingTreeFrom({ route: { receiver: 'pd', group_by: ['alertname', 'service'] }, receivers: [{ name: 'pd', pagerduty_configs: [{}] }] });
const keyOf = (alertname: string, service: string) => dedupKeyOf(`{}:{alertname="${alertname}", service="${service}"}`);
const alerts = [
  alert('w1', { alertname: 'SlowQueries', service: 'db', severity: 'warning' }),
  alert('c1', { alertname: 'CheckoutDown', service: 'api', severity: 'critical' }),
];
// Both 10 minutes old: past the critical ack target (5m), well within the warning one (30m).
const highButWarning = incident('P1', { number: 101, title: 'slow queries', urgency: 'high', createdAt: new Date(T0 - 10 * MIN), incidentKey: keyOf('SlowQueries', 'db') });
const lowButCritical = incident('P2', { number: 102, title: 'checkout down', urgency: 'low', createdAt: new Date(T0 - 10 * MIN), incidentKey: keyOf('CheckoutDown', 'api') });
const highAlone = incident('P3', { number: 103, title: 'no group', urgency: 'high', createdAt: new Date(T0 - 10 * MIN) });

/** The incidents pane's row of an incident, by number (titles are cut to fit). */
const rowOf = (frame: string, n: number) => frame.split('\n').find((l) => new RegExp(`^[▶ ] #${n} `).test(l)) ?? '';

describe('response targets follow the alert group\'s severity', () => {
  it('a high-urgency incident whose group is warning gets 30m to ack; a low-urgency one whose group is critical gets 5m', async () => {
    const h = mount({ alerts, incidents: [highButWarning, lowButCritical, highAlone], state: { routes, focus: 'incidents' }, size: { columns: 132, rows: 30 } });
    const frame = plain(await waitForFrame(h.lastFrame, (f) => !!rowOf(f, 101) && !!rowOf(f, 102) && !!rowOf(f, 103)));
    expect(rowOf(frame, 101)).toContain('ack in 20m');
    expect(rowOf(frame, 101)).not.toContain('!');
    expect(rowOf(frame, 102)).toContain('!ack overdue 5m');
    // Without a group, urgency decides: high is critical.
    expect(rowOf(frame, 103)).toContain('!ack overdue 5m');
  });

  it('the details name the severity the targets came from', async () => {
    const h = mount({ alerts, incidents: [highButWarning], state: { routes, focus: 'incidents' }, size: { columns: 132, rows: 40 } });
    const frame = await waitForFrame(h.lastFrame, (f) => f.includes('response ('));
    expect(frame).toMatch(/response \(warning\): ack by \d\d:\d\d/);
    expect(frame).not.toContain('OVERDUE');
  });

  it('once acknowledged, the warning group\'s resolve target (4h) counts, not the critical one (1h)', async () => {
    const acked = { ...highButWarning, status: 'acknowledged' as const, createdAt: new Date(T0 - 90 * MIN) };
    const h = mount({ alerts, incidents: [acked], state: { routes, focus: 'incidents' }, size: { columns: 132, rows: 30 } });
    const frame = plain(await waitForFrame(h.lastFrame, (f) => !!rowOf(f, 101)));
    expect(rowOf(frame, 101)).toContain('resolve in 2h30m');
  });

  it('an alerts poll that makes the group critical moves the incident to the critical targets; one that changes nothing else keeps them', async () => {
    const h = mount({ alerts, incidents: [highButWarning], state: { routes, focus: 'incidents' }, size: { columns: 132, rows: 30 } });
    expect(rowOf(plain(await waitForFrame(h.lastFrame, (f) => !!rowOf(f, 101))), 101)).toContain('ack in 20m');
    // A new answer with the same severities (new objects, as a poll decodes them): the targets stand.
    h.store.dispatch({ type: 'alertsLoaded', alerts: alerts.map((a) => ({ ...a, labels: { ...a.labels } })), silences: [] });
    expect(rowOf(plain(h.lastFrame() ?? ''), 101)).toContain('ack in 20m');
    const critical = [alert('w1', { alertname: 'SlowQueries', service: 'db', severity: 'critical' }), alerts[1]!];
    h.store.dispatch({ type: 'alertsLoaded', alerts: critical, silences: [] });
    expect(rowOf(plain(await waitForFrame(h.lastFrame, (f) => rowOf(plain(f), 101).includes('overdue'))), 101)).toContain('!ack overdue 5m');
  });
});
