import { describe, expect, it } from 'vitest';
import { initialState, reducer } from '../../src/state/reducer.js';
import { alertRows, prepareFilterTexts } from '../../src/state/selectors.js';
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

const shown = (s: DashboardState, filter: string) => alertRows(s.alerts, filter).map((r) => (r.kind === 'group' ? `[${r.context}]` : r.alert.fingerprint));

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
