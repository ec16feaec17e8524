import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseTime } from '../../src/domain/duration.js';
import { usageOf } from '../helpers/errors.js';

describe('parseDuration', () => {
  it('reads Prometheus-style durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('1w')).toBe(604_800_000);
    expect(parseDuration('1y')).toBe(365 * 86_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1m30s500ms')).toBe(90_500);
  });

  it('refuses bad input and says which units are valid', () => {
    const err = usageOf(() => parseDuration('1x'));
    expect(err.hint).toContain('ms, s, m, h, d, w, y');
    usageOf(() => parseDuration('-1h'));
    usageOf(() => parseDuration(''));
    usageOf(() => parseDuration('1.5h'));
    usageOf(() => parseDuration('30m1h'));
    usageOf(() => parseDuration('h'));
  });

  it('refuses zero unless allowed', () => {
    usageOf(() => parseDuration('0s'));
    expect(parseDuration('0s', { allowZero: true })).toBe(0);
  });
});

describe('formatDuration', () => {
  it('is compact', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000 + 13 * 60_000)).toBe('2d4h');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(0)).toBe('0ms');
    expect(formatDuration(-90_000)).toBe('-1m30s');
  });

  it('round-trips what it prints', () => {
    for (const text of ['1h30m', '2d4h', '45s', '15m']) expect(formatDuration(parseDuration(text))).toBe(text);
  });
});

describe('parseTime', () => {
  const now = new Date(2024, 4, 1, 14, 0, 0); // local 14:00

  it('reads RFC3339 and ISO times', () => {
    expect(parseTime('2024-05-01T16:00:00Z', now).toISOString()).toBe('2024-05-01T16:00:00.000Z');
    expect(parseTime('2024-05-01T16:00:00+02:00', now).toISOString()).toBe('2024-05-01T14:00:00.000Z');
  });

  it('reads now and relative times', () => {
    expect(parseTime('now', now).getTime()).toBe(now.getTime());
    expect(parseTime('now+2h', now).getTime()).toBe(now.getTime() + 7_200_000);
    expect(parseTime('+2h', now).getTime()).toBe(now.getTime() + 7_200_000);
    expect(parseTime('now-30m', now).getTime()).toBe(now.getTime() - 1_800_000);
  });

  it('reads HH:MM as today, or tomorrow once it has passed', () => {
    expect(parseTime('16:30', now)).toEqual(new Date(2024, 4, 1, 16, 30, 0));
    expect(parseTime('09:15', now)).toEqual(new Date(2024, 4, 2, 9, 15, 0));
  });

  it('refuses anything else with a hint', () => {
    expect(usageOf(() => parseTime('tomorrow', now)).hint).toContain('HH:MM');
    usageOf(() => parseTime('25:00', now));
    usageOf(() => parseTime('now+1x', now));
    usageOf(() => parseTime('2024-13-45T99:00:00Z', now));
  });
});
