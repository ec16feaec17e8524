import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Handover } from '../../src/domain/handover.js';
import type { IncidentReport } from '../../src/domain/report.js';
import { alert, incident, T0 } from '../state/fixtures.js';
import { mount } from './harness.js';
import { press, type, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

/** `:report` and `:handover`: views over the whole body, read when opened, closed with esc. */

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const stats = (mean: number, p50: number, p90: number) => ({ mean, p50, p90 });
const REPORT: IncidentReport = {
  since: new Date(T0 - 30 * 86_400_000),
  until: new Date(T0),
  source: 'analytics',
  overall: { service: 'all', urgency: 'all', incidents: 7, mtta: stats(240, 180, 540), mttr: stats(3900, 2400, 10800), targetsMet: 0.83 },
  services: [
    { service: 'checkout', urgency: 'high', incidents: 4, mtta: stats(120, 60, 300), mttr: stats(2400, 1800, 3600), targetsMet: 0.75 },
    { service: 'payments-gateway-eu-west-primary-cluster', urgency: 'low', incidents: 3, mtta: stats(600, 540, 900), mttr: stats(36000, 30000, 86400), targetsMet: 1 },
  ],
};

function openCommand(h: ReturnType<typeof mount>, line: string) {
  press(h.stdin, ':');
  type(h.stdin, line);
  press(h.stdin, 'enter');
}

describe(':report', () => {
  it('says it is loading, then shows the figures overall and per service in a plain table that fits 80 columns', async () => {
    const d = deferred<IncidentReport>();
    const spans: number[] = [];
    const h = mount({ incidents: [incident('P1', { title: 'Checkout is down' })], reports: { report: (ms) => (spans.push(ms), d.promise) } });
    openCommand(h, 'report 7d');
    await waitForFrame(h.lastFrame, (f) => f.includes('Report: MTTA and MTTR') && f.includes('loading…'));
    expect(spans).toEqual([7 * 86_400_000]);
    d.resolve(REPORT);
    const f = await waitForFrame(h.lastFrame, (x) => x.includes('Per service and urgency (2)'));
    expect(f).toContain('Source: PagerDuty analytics');
    expect(f).toMatch(/incidents\s+7/);
    expect(f).toContain('MTTA          mean 4m · p50 3m · p90 9m');
    expect(f).toContain('MTTR          mean 1h5m · p50 40m · p90 3h');
    expect(f).toMatch(/targets met\s+83%/);
    const lines = f.split('\n');
    const heading = lines.findIndex((l) => /service\s+urgency\s+n\s+MTTA\s+MTTR\s+met/.test(l));
    expect(heading).toBeGreaterThan(0);
    // One line per row, no rule between them (ink-table draws one by default), nothing wider than the terminal.
    expect(lines[heading + 1]).toMatch(/checkout\s+high\s+4\s+2m\/1m\/5m\s+40m\/30m\/1h\s+75%/);
    expect(lines[heading + 2]).toMatch(/payments-gateway.*… +low\s+3\s+10m\/9m\/15m\s+10h\/8h20m\/1d\s+100%/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(f).not.toContain('Checkout is down');
  });

  it('gives a wider terminal\'s room to the service names instead of cutting them', async () => {
    const h = mount({ size: { columns: 132, rows: 30 }, reports: { report: async () => REPORT } });
    openCommand(h, 'report');
    const f = await waitForFrame(h.lastFrame, (x) => x.includes('Per service and urgency (2)'));
    expect(f).toMatch(/ payments-gateway-eu-west-primary-cluster\s+low\s+3\s/);
  });

  it('shows a PagerDuty failure in the view; esc goes back to a dashboard that still works', async () => {
    const h = mount({ incidents: [incident('P1', { title: 'Checkout is down' })], reports: { report: async () => Promise.reject(new Error('pagerduty: 500 Internal Server Error')) } });
    openCommand(h, 'report');
    const f = await waitForFrame(h.lastFrame, (x) => x.includes('Could not read the report'));
    expect(f).toContain('pagerduty: 500 Internal Server Error');
    expect(f).toContain('failed');
    press(h.stdin, 'esc');
    await waitForFrame(h.lastFrame, (x) => x.includes('Checkout is down'));
    press(h.stdin, 'tab', 'tab');
    expect(h.store.getState().mode).toBe('normal');
  });

  it('reads again on r, keeping the figures on screen until the new ones are in', async () => {
    let n = 0;
    const second = deferred<IncidentReport>();
    const h = mount({ reports: { report: () => (++n === 1 ? Promise.resolve(REPORT) : second.promise) } });
    openCommand(h, 'report');
    await waitForFrame(h.lastFrame, (x) => x.includes('Per service and urgency (2)'));
    press(h.stdin, 'r');
    await waitForFrame(h.lastFrame, (x) => x.includes('reading again…') && x.includes('Per service and urgency (2)'));
    second.resolve({ ...REPORT, services: REPORT.services.slice(0, 1) });
    await waitForFrame(h.lastFrame, (x) => x.includes('Per service and urgency (1)') && !x.includes('reading again'));
  });

  it('drops an answer that arrives after the view was closed', async () => {
    const d = deferred<IncidentReport>();
    const h = mount({ incidents: [incident('P1', { title: 'Checkout is down' })], reports: { report: () => d.promise } });
    openCommand(h, 'report');
    await waitForFrame(h.lastFrame, (x) => x.includes('loading…'));
    press(h.stdin, 'esc');
    await waitForFrame(h.lastFrame, (x) => x.includes('Checkout is down'));
    d.resolve(REPORT);
    await h.dispatcher.settled();
    expect(h.store.getState().sheet).toBeUndefined();
    expect(h.store.getState().mode).toBe('normal');
  });

  it('says why where the context has no PagerDuty, and opens nothing', async () => {
    const h = mount({ reports: {} });
    openCommand(h, 'report');
    await waitForFrame(h.lastFrame, (x) => x.includes('report (MTTA/MTTR): PagerDuty is not configured'));
    expect(h.store.getState().mode).toBe('normal');
  });
});

const HANDOVER: Handover = {
  since: new Date(T0 - 12 * 3_600_000),
  until: new Date(T0),
  incidents: [{ incident: incident('P7', { number: 7, title: 'Checkout is down', status: 'resolved' }), ackSeconds: 120, resolveSeconds: 1800 }],
  summary: { service: 'all', urgency: 'all', incidents: 1, mtta: stats(120, 120, 120), mttr: stats(1800, 1800, 1800), targetsMet: 1 },
  open: [{ incident: incident('P8', { number: 8, title: 'Search slow', status: 'acknowledged' }), ackedForSeconds: 600 }],
  expiring: [],
  nextOnCall: [],
  slos: [],
  firing: Array.from({ length: 25 }, (_, i) => alert(`f${i}`, { alertname: `Alert${i}`, severity: 'warning', service: 'api' })),
  failures: [],
};

describe(':handover', () => {
  it('shows the shift report, scrolls to its end and closes with esc', async () => {
    const h = mount({ incidents: [incident('P1', { title: 'Checkout is down' })], reports: { handover: async () => HANDOVER } });
    openCommand(h, 'handover');
    const f = await waitForFrame(h.lastFrame, (x) => x.includes('Incidents this shift (1)'));
    expect(f).toContain('On-call handover 2024-05-01 00:00 – 2024-05-01 12:00 UTC');
    expect(f).toMatch(/MTTA 2m \(p90 2m\), MTTR 30m \(p90 30m\), response targets met: 100%/);
    expect(f).toMatch(/#7\s+Checkout is down\s+checkout\s+resolved\s+2m\s+30m/);
    expect(f).toContain('- #8 Search slow (checkout): acknowledged for 10m, Ada');
    expect(f).toMatch(/\d+ more below/);
    expect(f).not.toContain('Firing now');
    press(h.stdin, 'G');
    const end = await waitForFrame(h.lastFrame, (x) => x.includes('- … and 5 more'));
    expect(end).toContain('- warning Alert19 api since 2024-05-01 11:50 UTC');
    expect(end).not.toContain('more below');
    press(h.stdin, 'g');
    await waitForFrame(h.lastFrame, (x) => x.includes('On-call handover'));
    press(h.stdin, 'esc');
    await waitForFrame(h.lastFrame, (x) => x.includes('Checkout is down') && !x.includes('On-call handover'));
  });

  it('names a source it could not read and shows the rest', async () => {
    const h = mount({ reports: { handover: async () => ({ ...HANDOVER, failures: ['alertmanager: connect ECONNREFUSED 127.0.0.1:9'] }) } });
    openCommand(h, 'handover 8h');
    const f = await waitForFrame(h.lastFrame, (x) => x.includes('Not read: alertmanager'));
    expect(f).toContain('last 8h');
    expect(f).toContain('Incidents this shift (1)');
  });
});
