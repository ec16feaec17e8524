import { describe, expect, it } from 'vitest';
import type { Alert, AlertGroup, Silence } from '../../../src/domain/types.js';
import { mergeAlerts, mergeGroups, mergeSilences } from '../../../src/sources/alertmanager/merge.js';

const alert = (fingerprint: string, updated: string, extra: Partial<Alert> = {}): Alert => ({
  fingerprint,
  labels: { alertname: fingerprint },
  annotations: {},
  startsAt: new Date('2024-01-01T00:00:00Z'),
  updatedAt: new Date(updated),
  state: 'active',
  silencedBy: [],
  inhibitedBy: [],
  receivers: ['null'],
  ...extra,
});

const silence = (id: string, updated: string, comment: string): Silence => ({
  id,
  matchers: [{ name: 'a', value: 'b', isRegex: false, isEqual: true }],
  startsAt: new Date('2024-01-01T00:00:00Z'),
  endsAt: new Date('2024-01-01T01:00:00Z'),
  updatedAt: new Date(updated),
  createdBy: 'me',
  comment,
  state: 'active',
});

describe('merging what HA peers report', () => {
  it('keeps one alert per fingerprint, the most recently updated', () => {
    const merged = mergeAlerts([
      [alert('f1', '2024-01-01T00:01:00Z'), alert('f2', '2024-01-01T00:01:00Z')],
      [alert('f1', '2024-01-01T00:02:00Z', { state: 'suppressed' })],
    ]);
    expect(merged.map((a) => a.fingerprint)).toEqual(['f1', 'f2']);
    expect(merged[0]!.state).toBe('suppressed');
  });

  it('keeps one silence per id, the most recently updated', () => {
    const merged = mergeSilences([[silence('s1', '2024-01-01T00:05:00Z', 'extended')], [silence('s1', '2024-01-01T00:01:00Z', 'old')]]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.comment).toBe('extended');
  });

  it('joins groups with the same labels and receiver, deduping their alerts', () => {
    const g = (alerts: Alert[], labels = { alertname: 'X' }): AlertGroup => ({ labels, receiver: 'null', alerts });
    const merged = mergeGroups([
      [g([alert('f1', '2024-01-01T00:01:00Z')]), g([alert('f9', '2024-01-01T00:01:00Z')], { alertname: 'Y' })],
      [g([alert('f1', '2024-01-01T00:01:00Z'), alert('f2', '2024-01-01T00:01:00Z')])],
    ]);
    expect(merged).toHaveLength(2);
    expect(merged[0]!.alerts.map((a) => a.fingerprint)).toEqual(['f1', 'f2']);
  });
});
