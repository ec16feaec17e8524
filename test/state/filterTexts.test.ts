import { describe, expect, it } from 'vitest';
import { initialState, reducer } from '../../src/state/reducer.js';
import { alertRows, filteredAlerts, prepareFilterTexts, type AlertRow, type AlertRows } from '../../src/state/selectors.js';
import type { DashboardState } from '../../src/state/types.js';
import { alert, T0 } from './fixtures.js';

const ALL = { alertmanager: true, pagerduty: false, prometheus: false };
const fleet = ['prod-eu', 'prod-us'].map((name) => ({ name, readOnly: false, enabled: ALL }));

function loaded(euSummary: string): DashboardState {
  let s = initialState({ context: { name: 'prod-eu', isProd: true, readOnly: false, author: 'ada' }, enabled: ALL, now: T0, fleet });
  const eu = [alert('a', { alertname: 'Disk', instance: 'db-1' }, { annotations: { summary: euSummary } }), alert('b', { alertname: 'CPU', instance: 'web-1' })];
  s = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: eu, silences: [] });
  return reducer(s, { type: 'alertsLoaded', context: 'prod-us', alerts: [alert('c', { alertname: 'Disk', instance: 'db-2' }, { annotations: { description: 'Volume FULL' } })], silences: [] });
}

const shown = (s: DashboardState, filter: string) => alertRows(s.alerts, filter).toArray().map((r) => (r.kind === 'group' ? `[${r.context}]` : r.alert.fingerprint));

describe('free-text filter texts made ahead of the first key', () => {
  it('gives the same rows whether the texts were made ahead, in part or not at all', () => {
    const s = loaded('disk full on db-1');
    const expected = [['[prod-eu]', 'prod-eu/a', '[prod-us]', 'prod-us/c'], ['[prod-eu]', 'prod-eu/b', '[prod-eu]', 'prod-eu/a']];
    expect([shown(s, 'full'), shown(s, '@context=prod-eu')]).toEqual(expected);
    const again = loaded('disk full on db-1');
    expect(prepareFilterTexts(again.alerts, -1)).toBe(false); // no time: nothing made, and it says so
    expect([shown(again, 'full'), shown(again, '@context=prod-eu')]).toEqual(expected);
    const ahead = loaded('disk full on db-1');
    expect(prepareFilterTexts(ahead.alerts, 1000)).toBe(true);
    expect(prepareFilterTexts(ahead.alerts, 1000)).toBe(true);
    expect([shown(ahead, 'full'), shown(ahead, '@context=prod-eu')]).toEqual(expected);
  });

  it('reads a context’s new answer, not the texts made for its last one', () => {
    const s = loaded('disk full on db-1');
    expect(prepareFilterTexts(s.alerts, 1000)).toBe(true);
    expect(shown(s, 'full')).toEqual(['[prod-eu]', 'prod-eu/a', '[prod-us]', 'prod-us/c']);
    const next = reducer(s, { type: 'alertsLoaded', context: 'prod-eu', alerts: [alert('a', { alertname: 'Disk', instance: 'db-1' }, { annotations: { summary: 'disk ok again' } })], silences: [] });
    expect(prepareFilterTexts(next.alerts, 1000)).toBe(true);
    expect(shown(next, 'full')).toEqual(['[prod-us]', 'prod-us/c']);
    expect(shown(next, 'ok again')).toEqual(['[prod-eu]', 'prod-eu/a']);
  });
});

describe('the filter loops run once ahead on long lists', () => {
  it('leaves the list under the filter typed as it was, and every filter as it would be', () => {
    let s = initialState({ context: { name: 'a', isProd: false, readOnly: false, author: 'ada' }, enabled: ALL, now: T0, fleet });
    for (const ctx of ['prod-eu', 'prod-us']) {
      const alerts = Array.from({ length: 3000 }, (_, i) => alert(`f${i}`, { alertname: `Rule${i % 40}`, severity: ['critical', 'warning', 'info', 'none'][i % 4]!, instance: `web-${i}` }));
      s = reducer(s, { type: 'alertsLoaded', context: ctx, alerts, silences: [] });
    }
    const typed = alertRows(s.alerts, 'rule1');
    const rowsOf = (rows: AlertRows) => rows.toArray().map((r) => r.key);
    const before = rowsOf(typed);
    let slices = 0;
    while (!prepareFilterTexts(s.alerts, 1)) slices++;
    expect(slices).toBeGreaterThan(0);
    expect(alertRows(s.alerts, 'rule1')).toBe(typed); // not made again after the filters run ahead
    expect(rowsOf(typed)).toEqual(before);
    for (const f of ['e', 'severity!=none', '!e', 'severity=info instance=~"web-1.*"']) {
      const got = alertRows(s.alerts, f).toArray().flatMap((r) => (r.kind === 'alert' ? [r.alert.fingerprint] : []));
      expect([f, got.sort()]).toEqual([f, filteredAlerts(s.alerts, f).map((a) => a.fingerprint).sort()]);
    }
  });
});

describe('filters over each context’s alerts at once', () => {
  it('free text is looked for within one alert’s text, never across two alerts', () => {
    const s = loaded('disk full on db-1');
    // "db-1 disk" spans two label values of one alert: it matches, as it always did.
    expect(shown(s, 'disk db-1')).toEqual(['[prod-eu]', 'prod-eu/a']);
    // The end of one alert's text and the start of the next one's never make a match.
    // (Each text ends in a space: the empty description.)
    expect(shown(s, 'db-1  cpu')).toEqual([]);
    expect(shown(s, 'web-1  disk')).toEqual([]);
    expect(shown(s, 'db-1 \u0000cpu')).toEqual([]);
    expect(shown(s, 'full on db-1 ')).toEqual(['[prod-eu]', 'prod-eu/a']);
    expect(shown(s, '!full')).toEqual(['[prod-eu]', 'prod-eu/b']);
  });

  it('a label no alert of a context carries counts as empty there, and @context picks whole contexts', () => {
    const s = loaded('disk full on db-1');
    expect(shown(s, 'team=""')).toEqual(alertRows(s.alerts, '').toArray().map((r) => (r.kind === 'group' ? `[${r.context}]` : r.alert.fingerprint)));
    expect(shown(s, 'team="x"')).toEqual([]);
    expect(shown(s, 'instance=~"db-.*"')).toEqual(['[prod-eu]', 'prod-eu/a', '[prod-us]', 'prod-us/c']);
    expect(shown(s, '!instance=~"db-.*" @context=prod-eu')).toEqual(['[prod-eu]', 'prod-eu/b']);
    expect(shown(s, '@context!=prod-eu full')).toEqual(['[prod-us]', 'prod-us/c']);
  });
});

describe('the list’s filter agrees with the filter alert by alert', () => {
  it('shows the alerts `passes` lets through, for text, matchers, regexes, inverts and @context', () => {
    let s = initialState({ context: { name: 'a', isProd: false, readOnly: false, author: 'ada' }, enabled: ALL, now: T0, fleet: ['a', 'b', 'c'].map((name) => ({ name, readOnly: false, enabled: ALL })) });
    for (const [c, ctx] of ['a', 'b', 'c'].entries()) {
      const alerts = Array.from({ length: 90 }, (_, i) => {
        const labels: Record<string, string> = { alertname: `Rule${i % 7}`, severity: ['critical', 'warning', 'info'][i % 3]!, instance: `Host-${c}${i}:9100` };
        if (i % 4) labels.service = `svc-${i % 5}`;
        if (i % 6 === 0) labels.team = 'Core';
        return alert(`f${i}`, labels, { annotations: i % 2 ? { summary: `Disk FULL on host-${c}${i}`, description: 'line one\nline two' } : {} });
      });
      s = reducer(s, { type: 'alertsLoaded', context: ctx, alerts, silences: [] });
    }
    const filters = ['disk', 'HOST-a1', 'full on', 'line two', 'one\nline', '9100 ', 'rule3 svc', '!disk', 'team=core', 'team=Core', 'team=""', 'team!=""', 'severity=~"crit.*|info"',
      'instance=~".*a1.*"', 'severity=info service=~"svc-[12]"', 'team="" severity!=info', '!service="svc-1"', '@context=b', '@context=~"a|c" disk', '!team="Core" @context!=a', 'zzz', 'svc-'];
    for (const f of filters) {
      const rows = alertRows(s.alerts, f).toArray().flatMap((r) => (r.kind === 'alert' ? [r.alert.fingerprint] : []));
      expect([f, rows.sort()]).toEqual([f, filteredAlerts(s.alerts, f).map((a) => a.fingerprint).sort()]);
      expect(prepareFilterTexts(s.alerts, 1000)).toBe(true);
    }
  });
});

describe('the filtered list, made row by row as the screen reads it', () => {
  it('holds the same rows, in the same order, as cutting the whole list down would', () => {
    let s = initialState({ context: { name: 'a', isProd: false, readOnly: false, author: 'ada' }, enabled: ALL, now: T0, fleet: ['a', 'b'].map((name) => ({ name, readOnly: false, enabled: ALL })) });
    for (const ctx of ['a', 'b']) {
      const alerts = Array.from({ length: 120 }, (_, i) =>
        alert(`f${i}`, { alertname: `Rule${i % 9}`, service: `svc-${i % 4}`, severity: ['critical', 'warning', 'info'][Math.floor(i / 36) % 3]!, instance: `h${i}` }),
      );
      s = reducer(s, { type: 'alertsLoaded', context: ctx, alerts, silences: [] });
    }
    const rank = (sev: string | undefined) => ({ critical: 0, warning: 2, info: 3 })[sev ?? ''] ?? 3;
    for (const f of ['h1', 'h2', 'rule3', 'severity!=critical', '!h1', 'info', '@context=b h', 'zzz']) {
      // By hand: every group of the whole list with the alerts that pass, worst alert first, then by name.
      const passed = new Set(filteredAlerts(s.alerts, f).map((a) => a.fingerprint));
      const whole = alertRows(s.alerts, '').toArray();
      const groups = whole.flatMap((r) => (r.kind === 'group' ? [{ head: r, rows: whole.filter((x) => x.kind === 'alert' && x.groupKey === r.key && passed.has(x.key)) }] : []));
      const expected = groups
        .filter((g) => g.rows.length > 0)
        .sort((x, y) => {
          const worst = (g: typeof x) => rank((g.rows[0] as Extract<AlertRow, { kind: 'alert' }>).alert.labels.severity);
          return worst(x) - worst(y) || x.head.alertname.localeCompare(y.head.alertname) || x.head.service.localeCompare(y.head.service) || (x.head.context ?? '').localeCompare(y.head.context ?? '');
        })
        .flatMap((g) => [`[${g.head.key} ×${g.rows.length} ${g.rows.map((r) => r.key).join(',')}]`, ...g.rows.map((r) => r.key)]);
      const rows = alertRows(s.alerts, f);
      // Read from the end first, as G does, then from the top.
      const read = Array.from({ length: rows.length }, (_, i) => rows.length - 1 - i).map((i) => rows.at(i)!);
      const got = read.reverse().map((r) => (r.kind === 'group' ? `[${r.key} ×${r.alerts.length} ${r.alerts.map((a) => a.fingerprint).join(',')}]` : r.key));
      expect([f, got]).toEqual([f, expected]);
      expect([rows.at(-1), rows.at(rows.length)]).toEqual([undefined, undefined]);
      expect(rows.slice(2, 5)).toEqual(rows.toArray().slice(2, 5));
      expect(rows.shown).toBe(passed.size);
    }
  });
});
