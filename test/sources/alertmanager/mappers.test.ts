import { describe, expect, it } from 'vitest';
import { OncallError } from '../../../src/domain/errors.js';
import { formatMatcher } from '../../../src/domain/matchers.js';
import { newMemo, toAlert, toAlertGroup, toAlerts, toPostableSilence, toSilence, toStatus } from '../../../src/sources/alertmanager/mappers.js';
import { recorded } from './fixtures.js';

const src = 'alertmanager';

describe('mappers on recorded Alertmanager 0.25 JSON', () => {
  it('maps alerts with their state, silences and inhibitions', () => {
    const alerts = (recorded('alerts').body as unknown[]).map((a) => toAlert(a, src));
    expect(alerts).toHaveLength(3);
    const critical = alerts.find((a) => a.labels.severity === 'critical' && a.labels.alertname === 'HighLatency')!;
    expect(critical.state).toBe('active');
    expect(critical.generatorURL).toContain('prometheus:9090');
    expect(critical.annotations.summary).toBe('p99 over 2s');
    expect(critical.receivers).toEqual(['null']);
    expect(critical.startsAt).toBeInstanceOf(Date);
    const warning = alerts.find((a) => a.labels.severity === 'warning' && a.labels.alertname === 'HighLatency')!;
    expect(warning.state).toBe('suppressed');
    expect(warning.inhibitedBy).toEqual([critical.fingerprint]);
    const disk = alerts.find((a) => a.labels.alertname === 'DiskFull')!;
    expect(disk.silencedBy).toHaveLength(1);
    expect(disk.generatorURL).toBeUndefined();
  });

  it('reads what one answer\'s alerts share once: a time by its text, a receiver list, the empty list; and a bad time is still an error', () => {
    const wire = (fingerprint: string, updatedAt: string) => ({ fingerprint, labels: { alertname: 'A' }, startsAt: '2026-12-05T12:00:00.5+01:00', endsAt: 'never', updatedAt, receivers: [{ name: 'pd' }, { name: 'slack' }], status: { state: 'active', silencedBy: [], inhibitedBy: null } });
    const [a, b] = toAlerts([wire('a', '2026-12-05T11:00:01Z'), wire('b', '2026-12-05T11:00:02Z')], src);
    expect(a!.startsAt.toISOString()).toBe('2026-12-05T11:00:00.500Z');
    expect(b!.startsAt).toBe(a!.startsAt);
    expect([a!.endsAt, b!.endsAt]).toEqual([undefined, undefined]);
    expect(b!.updatedAt!.toISOString()).toBe('2026-12-05T11:00:02.000Z');
    expect(a!.updatedAt!.toISOString()).toBe('2026-12-05T11:00:01.000Z');
    expect(b!.receivers).toEqual(['pd', 'slack']);
    expect(b!.receivers).toBe(a!.receivers);
    expect([a!.silencedBy, a!.inhibitedBy]).toEqual([[], []]);
    // Shared, so frozen: a change would throw rather than show up on every other alert.
    expect(() => a!.silencedBy.push('x')).toThrow(TypeError);
    expect(b!.silencedBy).toEqual([]);
    expect(() => toAlerts([wire('c', 'x'), { ...wire('d', 'x'), startsAt: 'never' }], src)).toThrow(OncallError);
    const memo = newMemo();
    expect(() => toAlert({ ...wire('d', 'x'), startsAt: 'never' }, src, memo)).toThrow(OncallError);
    expect(() => toAlert({ ...wire('e', 'x'), startsAt: 'never' }, src, memo)).toThrow(OncallError);
  });

  it('alerts of one answer share one string per label or annotation text; the values read as sent', () => {
    const wire = (i: number) => ({ fingerprint: `f${i}`, labels: { alertname: 'DiskFull', instance: `host-${i}` }, annotations: { runbook_url: 'https://rb/disk' }, generatorURL: 'http://prom/graph?g0.expr=x', startsAt: '2026-12-05T11:00:00Z' });
    // Texts that JSON.parse makes one by one, as an answer's are.
    const [a, b] = toAlerts(JSON.parse(JSON.stringify([wire(1), wire(2)])), src);
    expect(a!.labels).toEqual({ alertname: 'DiskFull', instance: 'host-1' });
    expect(b!.labels).toEqual({ alertname: 'DiskFull', instance: 'host-2' });
    expect(b!.annotations).toEqual({ runbook_url: 'https://rb/disk' });
    expect(b!.generatorURL).toBe('http://prom/graph?g0.expr=x');
  });

  it('an alert silenced or inhibited keeps its own ids', () => {
    const [a] = toAlerts([{ fingerprint: 'a', labels: {}, startsAt: '2026-12-05T11:00:00Z', status: { state: 'suppressed', silencedBy: ['s1'], inhibitedBy: ['f2'] } }], src);
    expect([a!.silencedBy, a!.inhibitedBy, a!.receivers]).toEqual([['s1'], ['f2'], []]);
  });

  it('maps groups with their labels and receiver', () => {
    const groups = (recorded('alert-groups').body as unknown[]).map((g) => toAlertGroup(g, src));
    const latency = groups.find((g) => g.labels.alertname === 'HighLatency')!;
    expect(latency.labels).toEqual({ alertname: 'HighLatency', service: 'api' });
    expect(latency.receiver).toBe('null');
    expect(latency.alerts).toHaveLength(2);
  });

  it('maps silences in all three states with isEqual and isRegex', () => {
    const silences = (recorded('silences').body as unknown[]).map((s) => toSilence(s, src));
    expect(silences.map((s) => s.state).sort()).toEqual(['active', 'expired', 'pending']);
    const active = silences.find((s) => s.state === 'active')!;
    expect(active.matchers.map(formatMatcher)).toEqual(['alertname="DiskFull"', 'service=~"db|cache"']);
    expect(active.createdBy).toBe('alice');
    expect(active.endsAt.getTime()).toBeGreaterThan(active.startsAt.getTime());
    expect(silences.find((s) => s.state === 'expired')!.matchers.map(formatMatcher)).toEqual(['severity!="info"']);
  });

  it('treats a matcher without isEqual (before 0.22) as an equality', () => {
    const s = toSilence({ id: 'x', matchers: [{ name: 'a', value: 'b', isRegex: false }], startsAt: '2024-01-01T00:00:00Z', endsAt: '2024-01-01T01:00:00Z', createdBy: 'a', comment: 'c', status: { state: 'expired' } }, src);
    expect(s.matchers[0]).toEqual({ name: 'a', value: 'b', isRegex: false, isEqual: true });
  });

  it('reads the version, cluster state and config from status', () => {
    const status = toStatus(recorded('status').body, src);
    expect(status.version).toBe('0.25.0');
    expect(status.clusterStatus).toBe('disabled');
    expect(status.peers).toBe(0);
    expect(status.uptime).toBeInstanceOf(Date);
    expect(status.configYaml).toContain('receivers:');
  });

  it('calls a body of the wrong shape a bad response instead of crashing later', () => {
    expect(() => toAlert({ nope: true }, src)).toThrow(OncallError);
    expect(() => toStatus('<html>proxy login</html>', src)).toThrow(/unexpected status/);
  });

  it('always sends isRegex and isEqual, and the id only when updating', () => {
    const draft = {
      matchers: [{ name: 'a', value: 'b', isRegex: false, isEqual: false }],
      startsAt: new Date('2024-01-01T00:00:00Z'),
      endsAt: new Date('2024-01-01T01:00:00Z'),
      createdBy: 'me',
      comment: 'why',
    };
    const body = toPostableSilence(draft);
    expect(body).toEqual({
      matchers: [{ name: 'a', value: 'b', isRegex: false, isEqual: false }],
      startsAt: '2024-01-01T00:00:00.000Z',
      endsAt: '2024-01-01T01:00:00.000Z',
      createdBy: 'me',
      comment: 'why',
    });
    expect(toPostableSilence({ ...draft, id: 'abc' }).id).toBe('abc');
  });
});
