import { describe, expect, it } from 'vitest';
import { reducer } from '../../src/state/reducer.js';
import { alertRows, commonLabels, cursorOf, silenceRows, targetAlerts, targetIncidents } from '../../src/state/selectors.js';
import { previewSilence } from '../../src/domain/preview.js';
import { alert, incident, silence, state, T0 } from './fixtures.js';

const alerts = [
  alert('a1', { alertname: 'HighLatency', service: 'api', severity: 'warning', instance: 'a' }),
  alert('a2', { alertname: 'HighLatency', service: 'api', severity: 'warning', instance: 'b' }),
  alert('a3', { alertname: 'DiskFull', service: 'db', severity: 'critical', instance: 'c' }),
];

describe('alert grouping', () => {
  it('groups by alertname and service, worst severity first, with a header row per group', () => {
    const rows = alertRows(alerts, '').toArray();
    expect(rows.map((r) => (r.kind === 'group' ? `[${r.alertname}/${r.service}]` : r.key))).toEqual([
      '[DiskFull/db]',
      'a3',
      '[HighLatency/api]',
      'a1',
      'a2',
    ]);
  });

  it('filters by free text, by matchers, and inverted', () => {
    expect(alertRows(alerts, 'disk').toArray().filter((r) => r.kind === 'alert').map((r) => r.key)).toEqual(['a3']);
    expect(alertRows(alerts, 'instance=~"a|b"').toArray().filter((r) => r.kind === 'alert').map((r) => r.key)).toEqual(['a1', 'a2']);
    expect(alertRows(alerts, '!severity=warning').toArray().filter((r) => r.kind === 'alert').map((r) => r.key)).toEqual(['a3']);
  });

  it('a group the filter leaves without its worst alert takes the severity of what is left, and its place', () => {
    const mixed = [
      alert('d1', { alertname: 'DiskFull', service: 'db', severity: 'critical', instance: 'c', zone: 'eu' }),
      alert('d2', { alertname: 'DiskFull', service: 'db', severity: 'info', instance: 'd', zone: 'us' }),
      alert('d3', { alertname: 'DiskFull', service: 'db', severity: 'info', instance: 'e', zone: 'us' }),
      ...alerts.slice(0, 2),
    ];
    const shown = (filter: string) => alertRows(mixed, filter).toArray().map((r) => (r.kind === 'group' ? `[${r.alertname} ${r.severity}]` : `${r.key} ${r.distinct}`));
    expect(shown('')).toEqual(['[DiskFull critical]', 'd1 c zone=eu', 'd2 d zone=us', 'd3 e zone=us', '[HighLatency warning]', 'a1 a', 'a2 b']);
    // The rows keep what tells them apart in the whole group, so they do not change as a filter is typed.
    expect(shown('!instance=c')).toEqual(['[HighLatency warning]', 'a1 a', 'a2 b', '[DiskFull info]', 'd2 d zone=us', 'd3 e zone=us']);
    expect(shown('zone=us')).toEqual(['[DiskFull info]', 'd2 d zone=us', 'd3 e zone=us']);
    expect(shown('@context=x')).toEqual([]);
    expect(shown('!zone=us')).toEqual(['[DiskFull critical]', 'd1 c zone=eu', '[HighLatency warning]', 'a1 a', 'a2 b']);
  });
});

describe('cursor, marks and targets', () => {
  it('moves within bounds and jumps to top and bottom', () => {
    let s = state({ alerts });
    s = reducer(s, { type: 'move', delta: -1 });
    expect(cursorOf(s, 'alerts')).toBe(0);
    s = reducer(s, { type: 'moveTo', where: 'bottom' });
    expect(cursorOf(s, 'alerts')).toBe(4);
    s = reducer(s, { type: 'move', delta: 10 });
    expect(cursorOf(s, 'alerts')).toBe(4);
    s = reducer(s, { type: 'moveTo', where: 'top' });
    expect(cursorOf(s, 'alerts')).toBe(0);
  });

  it('targets a whole group from its header, one alert from its row, and marked alerts over both', () => {
    let s = state({ alerts });
    s = reducer(s, { type: 'move', delta: 2 }); // HighLatency header
    expect(targetAlerts(s).map((a) => a.fingerprint)).toEqual(['a1', 'a2']);
    s = reducer(s, { type: 'move', delta: 1 });
    expect(targetAlerts(s).map((a) => a.fingerprint)).toEqual(['a1']);
    s = reducer(s, { type: 'moveTo', where: 'top' });
    s = reducer(s, { type: 'move', delta: 1 });
    s = reducer(s, { type: 'toggleMark' }); // marks a3, moves down
    expect(s.marks.alerts).toEqual(['a3']);
    expect(targetAlerts(s).map((a) => a.fingerprint)).toEqual(['a3']);
  });

  it('keeps the cursor on the same alert when a poll reorders the list, and drops marks of vanished alerts', () => {
    let s = state({ alerts });
    s = reducer(s, { type: 'move', delta: 4 }); // a2
    s = reducer(s, { type: 'toggleMark' });
    const newer = [alert('a0', { alertname: 'Aaa', service: 'x', severity: 'critical' }), ...alerts.filter((a) => a.fingerprint !== 'a2'), alerts[1]!];
    s = reducer(s, { type: 'alertsLoaded', alerts: newer, silences: [] });
    const rows = alertRows(s.alerts, '');
    expect(rows.at(cursorOf(s, 'alerts'))?.key).toBe('a2');
    s = reducer(s, { type: 'alertsLoaded', alerts: alerts.slice(0, 1), silences: [] });
    expect(s.marks.alerts).toEqual([]);
  });

  it('marks incidents and targets the marked ones', () => {
    let s = state({ incidents: [incident('P1'), incident('P2'), incident('P3')], focus: 'incidents' });
    s = reducer(s, { type: 'toggleMark' });
    // Marking leaves the cursor on the marked row: a second press unmarks it.
    expect(reducer(s, { type: 'toggleMark' }).marks.incidents).toEqual([]);
    s = reducer(s, { type: 'move', delta: 1 });
    s = reducer(s, { type: 'toggleMark' });
    expect(targetIncidents(s).map((i) => i.id).sort()).toEqual(['P1', 'P2']);
    s = reducer(s, { type: 'clearMarks' });
    expect(targetIncidents(s).map((i) => i.id)).toHaveLength(1);
  });
});

describe('source health', () => {
  it('records a failure with since-when, keeps the data, and clears it on recovery', () => {
    let s = state({ alerts });
    s = reducer(s, { type: 'pollOk', source: 'alertmanager', at: T0, latencyMs: 100, slow: false });
    s = reducer(s, { type: 'pollFailed', source: 'alertmanager', at: T0 + 15_000, latencyMs: 5, message: 'connection refused', kind: 'network' });
    s = reducer(s, { type: 'pollFailed', source: 'alertmanager', at: T0 + 20_000, latencyMs: 5, message: 'connection refused', kind: 'network' });
    expect(s.sources.alertmanager).toMatchObject({ status: 'failing', failingSince: T0 + 15_000, lastOkAt: T0, lastError: 'connection refused' });
    expect(s.alerts).toHaveLength(3);
    expect(s.sources.pagerduty.status).toBe('unknown');
    s = reducer(s, { type: 'pollOk', source: 'alertmanager', at: T0 + 30_000, latencyMs: 5200, slow: true });
    expect(s.sources.alertmanager).toMatchObject({ status: 'slow', failingSince: undefined, lastError: undefined });
  });
});

describe('actions land only after the server said yes', () => {
  it('an acknowledged incident changes status; a resolved one leaves the list', () => {
    let s = state({ incidents: [incident('P1'), incident('P2')] });
    s = reducer(s, { type: 'incidentsChanged', incidents: [incident('P1', { status: 'acknowledged' }), incident('P2', { status: 'resolved' })] });
    expect(s.incidents.map((i) => `${i.id}:${i.status}`)).toEqual(['P1:acknowledged']);
  });

  it('an extended silence keeps the id the server returned', () => {
    const m = [{ name: 'alertname', value: 'X', isRegex: false, isEqual: true }];
    let s = state({ silences: [silence('s1', m)], lastSilence: { id: 's1', matchers: m } });
    s = reducer(s, { type: 'silenceExtended', oldId: 's1', id: 's2', endsAt: new Date(T0 + 7_200_000) });
    expect(s.silences[0]).toMatchObject({ id: 's2', endsAt: new Date(T0 + 7_200_000) });
    expect(s.lastSilence?.id).toBe('s2');
  });
});

describe('silences and the silence form helpers', () => {
  it('lists active and pending silences expiring soonest first and counts what each matches', () => {
    const m = (v: string) => [{ name: 'alertname', value: v, isRegex: false, isEqual: true }];
    const rows = silenceRows(
      [
        silence('late', m('HighLatency'), { endsAt: new Date(T0 + 9e6) }),
        silence('soon', m('Nothing'), { endsAt: new Date(T0 + 1e5) }),
        silence('gone', m('HighLatency'), { state: 'expired' }),
        silence('later', m('DiskFull'), { state: 'pending', startsAt: new Date(T0 + 1e6), endsAt: new Date(T0 + 2e6) }),
      ],
      alerts,
      '',
    );
    expect(rows.map((r) => `${r.silence.id}:${r.matching}`)).toEqual(['soon:0', 'later:1', 'late:2']);
  });

  it('prefills only the labels shared by every selected alert and previews matches per matcher', () => {
    expect(commonLabels(alerts.slice(0, 2))).toEqual({ alertname: 'HighLatency', service: 'api', severity: 'warning' });
    const preview = previewSilence([
      { name: 'alertname', value: 'HighLatency', isRegex: false, isEqual: true },
      { name: 'instance', value: 'a', isRegex: false, isEqual: true },
    ], alerts);
    expect({ total: preview.total, perMatcher: preview.perMatcher.map((p) => p.matches) }).toEqual({ total: 1, perMatcher: [2, 1] });
  });
});

describe('modes', () => {
  it('filters as you type and esc-style close returns to normal', () => {
    let s = state({ alerts });
    s = reducer(s, { type: 'mode', mode: 'filter' });
    s = reducer(s, { type: 'input', text: 'disk' });
    expect(s.filter.alerts).toBe('disk');
    s = reducer(s, { type: 'close' });
    expect(s.mode).toBe('normal');
    expect(s.filter.alerts).toBe('disk');
  });

  it('a confirmation opens with Cancel focused', () => {
    const s = reducer(state(), { type: 'confirmOpen', confirm: { command: 'incident.resolve', title: 'Resolve', message: 'Resolve 2?', ids: ['P1', 'P2'] } });
    expect(s.mode).toBe('confirm');
    expect(s.confirm?.focus).toBe(0);
  });
});

describe('credentials in messages shown on screen', () => {
  it('never shows a credential a message carries, whichever effect wrote it', () => {
    const s = reducer(state(), {
      type: 'status',
      text: 'DiskFull resolved, but its ack silence could not be expired: connect ECONNREFUSED http://admin:hunter2@am:9093/api/v2/silence/x',
      tone: 'error',
    });
    expect(s.status?.text).not.toContain('hunter2');
    expect(s.status?.text).toContain('http://REDACTED@am:9093');
  });

  it('nor does the timeline’s list of what could not be read', () => {
    const s = reducer(state(), { type: 'timeline', timeline: { title: 't', loading: false, events: [], failures: ['prometheus: connect ECONNREFUSED https://bob:hunter2@prom:9090'] } });
    expect(s.timeline?.failures).toEqual(['prometheus: connect ECONNREFUSED https://REDACTED@prom:9090']);
  });
});
