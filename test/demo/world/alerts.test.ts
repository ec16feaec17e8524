import { describe, expect, it } from 'vitest';
import { ALERTS, firingAt, schedule } from '../../../src/demo/world/alerts.js';

const ANCHOR = Date.parse('2026-05-01T12:00:00Z') / 1000;

describe('demo alert schedule', () => {
  it('keeps a few dozen alerts firing at any time, and changes them every few minutes', () => {
    let previous = '';
    let changes = 0;
    let total = 0;
    const steps = (24 * 60) / 5;
    for (let m = 0; m < 24 * 60; m += 5) {
      const now = firingAt(ANCHOR + m * 60, ANCHOR, 42);
      total += now.length;
      expect(now.length).toBeGreaterThanOrEqual(15);
      expect(now.length).toBeLessThanOrEqual(36);
      const key = now.map((f) => `${f.labels.alertname}/${f.labels.service}/${f.labels.severity}/${f.labels.instance ?? ''}`).join(',');
      if (key !== previous) changes++;
      previous = key;
    }
    expect(total / steps).toBeGreaterThan(20);
    // Most five-minute steps in a day see some alert start or stop.
    expect(changes).toBeGreaterThan(150);
  });

  it('is the same for the same seed and differs for another', () => {
    const at = (seed: number) => firingAt(ANCHOR + 3 * 3600, ANCHOR, seed).map((f) => `${f.labels.alertname}@${f.startsAt}`);
    expect(at(1)).toEqual(at(1));
    expect(at(1)).not.toEqual(at(2));
  });

  it('reports a flapping alert firing exactly inside its window, with a start before now', () => {
    const i = ALERTS.findIndex((d) => d.period !== undefined);
    let fired = 0;
    for (let m = 0; m < 600; m++) {
      const t = ANCHOR + m * 60;
      const s = schedule(ALERTS[i]!, i, t, ANCHOR, 42);
      if (s.firing) {
        fired++;
        expect(s.startsAt).toBeLessThanOrEqual(t);
        expect(s.endsAt).toBeGreaterThan(t);
      } else {
        expect(s.endsAt).toBeLessThanOrEqual(t);
      }
    }
    expect(fired).toBeGreaterThan(100);
    expect(fired).toBeLessThan(500);
  });

  it('spans every service and severity', () => {
    expect(new Set(ALERTS.map((a) => a.service))).toEqual(new Set(['web', 'api', 'payments', 'orders', 'search', 'checkout']));
    expect(new Set(ALERTS.map((a) => a.severity))).toEqual(new Set(['critical', 'warning', 'info']));
  });
});
