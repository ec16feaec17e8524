import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { initialState, reducer } from '../../src/state/reducer.js';
import type { DashboardState } from '../../src/state/types.js';
import { alert, incident, silence, slo, T0 } from '../state/fixtures.js';
import { mount } from './harness.js';
import { plain, press, type, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

const ALL = { alertmanager: true, pagerduty: true, prometheus: true };

function fleet(): DashboardState {
  let s = initialState({
    context: { name: 'prod-eu', isProd: true, readOnly: false, author: 'ada' },
    enabled: ALL,
    now: T0,
    fleet: [
      { name: 'prod-eu', readOnly: false, enabled: ALL },
      { name: 'prod-us', readOnly: true, readOnlyReason: 'read_only', enabled: ALL, pagerdutyVia: 'prod-eu' },
    ],
  });
  const cpu = (i: string) => alert('fp1', { alertname: 'HighCPU', service: 'search', severity: 'critical', instance: i });
  s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: [cpu('eu-1')], silences: [silence('s1', [])] });
  s = reducer(s, { type: 'alertsLoaded', context: 'prod-us', alerts: [cpu('us-1')], silences: [] });
  s = reducer(s, { type: 'incidentsLoaded', context: 'prod-eu', incidents: [incident('P7', { number: 7, title: 'Search down' })], oncalls: [] });
  s = reducer(s, { type: 'slosLoaded', context: 'prod-us', slos: [slo('search')] });
  for (const ctx of ['prod-eu', 'prod-us']) for (const source of ['alertmanager', 'prometheus'] as const) s = reducer(s, { type: 'pollOk', context: ctx, source, at: T0, latencyMs: 5, slow: false });
  s = reducer(s, { type: 'pollOk', context: 'prod-eu', source: 'pagerduty', at: T0, latencyMs: 5, slow: false });
  return s;
}

const line = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? '';

describe('the dashboard over several contexts', () => {
  it('shows a context column on every list and each context’s health in the header, within 80 columns', async () => {
    const h = mount({ state: fleet() });
    const frame = plain(await waitForFrame(h.lastFrame, (f) => f.includes('Incidents')));
    for (const l of frame.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(80);
    const header = frame.split('\n')[0]!;
    expect(header).toContain('2 contexts');
    expect(header).toMatch(/prod-eu ●●●/);
    expect(header).toMatch(/prod-us\(ro\) ●●●/);
    expect(line(frame, 'eu-1')).toContain('prod-eu');
    expect(line(frame, 'us-1')).toContain('prod-us');
    expect(line(frame, '#7')).toContain('prod-eu');
    expect(line(frame, '50% left')).toContain('prod-us');
  });

  it('names a failing source of one context in the header', async () => {
    const s = reducer(fleet(), { type: 'pollFailed', context: 'prod-us', source: 'alertmanager', at: T0, latencyMs: 5, message: 'connection refused', kind: 'network' });
    const h = mount({ state: s });
    const frame = plain(await waitForFrame(h.lastFrame, (f) => f.includes('Incidents')));
    expect(frame.split('\n')[0]).toMatch(/prod-us\(ro\) ●●● am failing/);
  });

  it('keeps [paused] in the header when the contexts’ health runs past the width', async () => {
    const names = ['prod-eu-west-1', 'prod-us-east-1', 'prod-ap-south-1'];
    let s = initialState({ context: { name: names.join(','), isProd: true, readOnly: false, author: 'ada' }, enabled: ALL, now: T0, fleet: names.map((name) => ({ name, readOnly: false, enabled: ALL })) });
    s = reducer(s, { type: 'paused', paused: true });
    const h = mount({ state: s });
    const frame = plain(await waitForFrame(h.lastFrame, (f) => f.includes('Alerts')));
    expect(frame.split('\n')[0]).toContain('[paused]');
  });

  it('has no context column with one context', async () => {
    const h = mount({ alerts: [alert('a1', { alertname: 'HighCPU', instance: 'eu-1' })] });
    const frame = plain(await waitForFrame(h.lastFrame, (f) => f.includes('eu-1')));
    expect(line(frame, 'eu-1')).toMatch(/^\s*●\s/);
  });

  it('filters with @context=', async () => {
    const h = mount({ state: fleet() });
    await waitForFrame(h.lastFrame, (f) => f.includes('us-1'));
    press(h.stdin, '/');
    type(h.stdin, '@context=prod-us');
    press(h.stdin, 'enter');
    const frame = plain(await waitForFrame(h.lastFrame, (f) => !f.includes('eu-1')));
    expect(frame).toContain('us-1');
  });
});
