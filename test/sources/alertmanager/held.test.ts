import { describe, expect, it } from 'vitest';
import { toAlerts } from '../../../src/sources/alertmanager/mappers.js';
import { tagAlert } from '../../../src/state/fleet.js';
import { recorded } from './fixtures.js';

const src = 'alertmanager';
/** The recorded answer as Alertmanager sends it a poll later: every alert's updatedAt and endsAt moved on. */
const later = (body: unknown[], change: (w: Record<string, any>, i: number) => void = () => {}) =>
  body.map((a, i) => {
    const w = structuredClone(a) as Record<string, any>;
    w.updatedAt = '2030-01-01T00:00:00Z';
    w.endsAt = '2030-01-01T00:04:00Z';
    change(w, i);
    return w;
  });
const answer = () => recorded('alerts').body as unknown[];

describe('an answer decoded against the alerts held from the last one', () => {
  it('an alert whose answer moved only its times is the held object; the rest decodes as without', () => {
    const held = toAlerts(answer(), src);
    const next = toAlerts(later(answer()), src, { alerts: held, prefix: '' });
    expect(next).toHaveLength(held.length);
    next.forEach((a, i) => expect(a).toBe(held[i]));
  });

  // Each thing the dashboard reads, changed on one alert: that alert is decoded anew, with the change.
  const changes: Array<[string, (w: Record<string, any>) => void, (a: ReturnType<typeof toAlerts>[number]) => unknown, unknown]> = [
    ['state', (w) => (w.status.state = w.status.state === 'active' ? 'suppressed' : 'active'), (a) => a.state, undefined],
    ['startsAt', (w) => (w.startsAt = '2030-01-01T00:00:00Z'), (a) => a.startsAt.toISOString(), '2030-01-01T00:00:00.000Z'],
    ['generatorURL', (w) => (w.generatorURL = 'http://prometheus-2:9090/graph'), (a) => a.generatorURL, 'http://prometheus-2:9090/graph'],
    ['silencedBy', (w) => (w.status.silencedBy = ['s-new']), (a) => a.silencedBy, ['s-new']],
    ['inhibitedBy', (w) => (w.status.inhibitedBy = ['fp-new']), (a) => a.inhibitedBy, ['fp-new']],
    ['receivers', (w) => (w.receivers = [{ name: 'pd-2' }]), (a) => a.receivers, ['pd-2']],
    ['a label value', (w) => (w.labels.instance = 'host-new'), (a) => a.labels.instance, 'host-new'],
    ['a label more', (w) => (w.labels.zone = 'b'), (a) => a.labels.zone, 'b'],
    ['a label less', (w) => delete w.labels.severity, (a) => a.labels.severity, undefined],
    ['an annotation', (w) => (w.annotations = { ...w.annotations, summary: 'worse' }), (a) => a.annotations.summary, 'worse'],
  ];
  for (const [what, change, read, expected] of changes) {
    it(`${what} changed: that alert is new, the others held`, () => {
      const held = toAlerts(answer(), src);
      const next = toAlerts(later(answer(), (w, i) => i === 1 && change(w)), src, { alerts: held, prefix: '' });
      expect(next[0]).toBe(held[0]);
      expect(next[2]).toBe(held[2]);
      expect(next[1]).not.toBe(held[1]);
      expect(next[1]).toEqual(toAlerts(later(answer(), (w, i) => i === 1 && change(w)), src)[1]);
      if (expected !== undefined) expect(read(next[1]!)).toEqual(expected);
    });
  }

  it('alerts in another order, one gone and one new: each held one is found by its fingerprint', () => {
    const held = toAlerts(answer(), src);
    const body = later(answer());
    const fresh = { ...body[0]!, fingerprint: 'f00dfeed', labels: { alertname: 'New' } };
    const next = toAlerts([body[2], fresh, body[0]], src, { alerts: held, prefix: '' });
    expect(next[0]).toBe(held[2]);
    expect(next[1]!.labels.alertname).toBe('New');
    expect(next[2]).toBe(held[0]);
  });

  it('over several contexts the held alerts carry the context: found by the wire fingerprint under that prefix only', () => {
    const held = toAlerts(answer(), src).map(tagAlert('prod-eu'));
    const next = toAlerts(later(answer()), src, { alerts: held, prefix: 'prod-eu/' });
    next.forEach((a, i) => expect(a).toBe(held[i]));
    const elsewhere = toAlerts(later(answer()), src, { alerts: held, prefix: 'prod-us/' });
    elsewhere.forEach((a, i) => expect(a).not.toBe(held[i]));
  });
});
