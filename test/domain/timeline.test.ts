import { describe, expect, it } from 'vitest';
import { alertEvents, alertRuns, silenceEvents } from '../../src/domain/timeline.js';
import type { Silence } from '../../src/domain/types.js';

const t0 = Date.parse('2026-12-04T10:00:00Z') / 1000;
const window = { start: new Date(t0 * 1000), end: new Date((t0 + 3600) * 1000) };
const every = (from: number, to: number, step = 15) => Array.from({ length: (to - from) / step + 1 }, (_, i) => [t0 + from + i * step, 1] as [number, number]);
const labels = { __name__: 'ALERTS', alertname: 'HighErrorRate', alertstate: 'firing', service: 'checkout' };

describe('alert history from ALERTS samples', () => {
  it('splits a series at gaps longer than two evaluation intervals', () => {
    const runs = alertRuns([{ metric: labels, points: [...every(600, 900), ...every(1500, 1800), ...every(3300, 3600)] }], window);
    expect(runs.map((r) => [r.firedAt.getTime() / 1000 - t0, r.resolvedAt && r.resolvedAt.getTime() / 1000 - t0])).toEqual([[600, 900], [1500, 1800], [3300, undefined]]);
    expect(runs[0]!.labels).toEqual({ alertname: 'HighErrorRate', service: 'checkout' });
  });

  it('says an alert came back right after a silence on it expired', () => {
    const silence: Silence = {
      id: 'c8fc41e4-1111-2222-3333-444455556666', matchers: [{ name: 'service', value: 'checkout', isRegex: false, isEqual: true }],
      startsAt: new Date((t0 + 100) * 1000), endsAt: new Date((t0 + 1380) * 1000), createdBy: 'ada', comment: 'deploy', state: 'expired',
    };
    const runs = alertRuns([{ metric: labels, points: [...every(600, 900), ...every(1500, 1800)] }], window);
    const events = alertEvents(runs, [silence]);
    expect(events.filter((e) => e.kind === 'alert_fired').map((e) => e.text)).toEqual(['fired', 'fired 2m after silence c8fc41e4 expired']);
    const now = new Date((t0 + 3600) * 1000);
    expect(silenceEvents([silence], window, now).map((e) => e.kind)).toEqual(['silence_created', 'silence_expired']);
  });
});
