import { describe, expect, it } from 'vitest';
import { alertLess, fingerprint, labelsBefore } from '../../../src/demo/alertmanager/labels.js';

describe('Alertmanager label helpers', () => {
  it('fingerprints a label set exactly as Alertmanager 0.25 did (values recorded from the real server)', () => {
    expect(fingerprint({ alertname: 'X', service: 's', severity: 'warning' })).toBe('7469e5eab8e1b8e1');
    expect(fingerprint({ alertname: 'X', service: 's', severity: 'critical' })).toBe('fdcb46f3155ab5c2');
    expect(fingerprint({ alertname: 'Y', a: 'b' })).toBe('c4fe82628211f6f0');
  });

  it('orders label sets with fewer labels first, then by names and values', () => {
    expect(labelsBefore({ alertname: 'Y' }, { alertname: 'X', service: 's' })).toBe(true);
    expect(labelsBefore({ a: '1', b: '2' }, { a: '1', b: '3' })).toBe(true);
    // Go walks the union of names: the set that lacks the first differing name sorts first.
    expect(labelsBefore({ a: '1', c: '2' }, { a: '1', b: '2' })).toBe(true);
    expect(labelsBefore({ a: '1', b: '2' }, { a: '1', c: '2' })).toBe(false);
  });

  it('orders alerts by job and instance before the rest', () => {
    expect(alertLess({ job: 'b', alertname: 'A' }, { job: 'a', alertname: 'B' })).toBe(false);
    expect(alertLess({ instance: 'x', z: '1' }, { alertname: 'A' })).toBe(true);
  });
});
