import { describe, expect, it } from 'vitest';
import { OncallError } from '../../../src/domain/errors.js';
import { toBuildInfo, toRules, toSamples, toSeries } from '../../../src/sources/prometheus/mappers.js';
import { parseSampleValue } from '../../../src/sources/prometheus/values.js';
import { fixture } from './fixtures.js';

const data = (name: string) => fixture(name).data;

function thrown(fn: () => unknown): OncallError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OncallError);
    return err as OncallError;
  }
  throw new Error('expected an error');
}

describe('instant query results (recorded from Prometheus 2.42)', () => {
  it('maps a vector to samples with labels, numeric values and float-second times', () => {
    const { value } = toSamples(data('query-vector'), 'prom');
    expect(value).toHaveLength(2);
    expect(value[0]).toEqual({ metric: { code: '200', job: 'api' }, value: 10, time: expect.any(Number) });
    expect(value[1]?.metric.code).toBe('500');
    expect(value[1]?.value).toBe(1);
    expect(value[0]?.time).toBeGreaterThan(1_600_000_000);
  });

  it('maps a scalar to one sample with no labels', () => {
    const { value } = toSamples(data('query-scalar'), 'prom');
    expect(value).toEqual([{ metric: {}, value: 11, time: expect.any(Number) }]);
  });

  it('reads NaN, +Inf, -Inf and 1e-07 as numbers', () => {
    const { value } = toSamples(data('query-special-values'), 'prom');
    const byKind = Object.fromEntries(value.map((s) => [s.metric.kind, s.value]));
    expect(byKind.nan).toBeNaN();
    expect(byKind.pinf).toBe(Infinity);
    expect(byKind.ninf).toBe(-Infinity);
    expect(byKind.tiny).toBe(1e-7);
  });

  it('treats an empty result as no samples, not an error', () => {
    expect(toSamples(data('query-empty'), 'prom')).toEqual({ value: [], notes: [] });
  });

  it('refuses a range vector and tells the user to use a range query', () => {
    const err = thrown(() => toSamples(data('query-instant-matrix'), 'prom'));
    expect(err.kind).toBe('usage');
    expect(`${err.message} ${err.hint}`).toMatch(/range query/);
    expect(err.source).toBe('prom');
  });

  it('refuses a string result as a bad response', () => {
    expect(thrown(() => toSamples(data('query-string'), 'prom')).kind).toBe('bad_response');
  });

  it('leaves out native histograms and says so', () => {
    const out = toSamples({ resultType: 'vector', result: [{ metric: {}, histogram: [1, {}] }, { metric: { a: 'b' }, value: [1, '2'] }] }, 'p');
    expect(out.value).toEqual([{ metric: { a: 'b' }, value: 2, time: 1 }]);
    expect(out.notes[0]).toMatch(/1 native histogram/);
  });

  it('rejects garbage values instead of turning them into NaN', () => {
    expect(thrown(() => parseSampleValue('abc', 'p')).kind).toBe('bad_response');
    expect(thrown(() => parseSampleValue('', 'p')).kind).toBe('bad_response');
    expect(thrown(() => toSamples({ result: [] }, 'p')).kind).toBe('bad_response');
  });
});

describe('range query results', () => {
  it('maps a matrix to series of [seconds, value] points', () => {
    const { value } = toSeries(data('query-range'), 'prom');
    expect(value.map((s) => s.metric.code)).toEqual(['200', '500']);
    const points = value[0]?.points ?? [];
    expect(points).toHaveLength(3);
    expect(points.map(([, v]) => v)).toEqual([10, 10, 10]);
    expect((points[1]?.[0] ?? 0) - (points[0]?.[0] ?? 0)).toBe(60);
  });

  it('refuses a non-matrix answer to a range query', () => {
    expect(thrown(() => toSeries(data('query-vector'), 'prom')).kind).toBe('bad_response');
  });
});

describe('rules', () => {
  it('flattens groups into rules with group, file, health and last error', () => {
    const rules = toRules(data('rules'), 'prom');
    expect(rules.map((r) => [r.kind, r.name])).toEqual([
      ['alerting', 'HighErrorRate'],
      ['recording', 'job:http_requests:rate5m'],
      ['recording', 'job:broken:sum'],
    ]);
    const alert = rules[0];
    expect(alert?.group).toBe('api-alerts');
    expect(alert?.file).toMatch(/rules\.yml$/);
    expect(alert?.labels).toEqual({ severity: 'page' });
    expect(alert?.annotations).toEqual({ summary: 'API error rate is high' });
    expect(alert?.query).toBe('sum(rate(http_requests_total{code="500"}[5m])) > 0.5');
    const recording = rules[1];
    expect(recording).toMatchObject({ group: 'api-slo', labels: { team: 'payments' }, annotations: {}, health: 'ok' });
    expect(recording?.lastError).toBeUndefined();
    expect(rules[2]).toMatchObject({ health: 'err', lastError: expect.stringMatching(/duplicate series/) });
  });

  it('maps the type-filtered answers', () => {
    expect(toRules(data('rules-record'), 'p').every((r) => r.kind === 'recording')).toBe(true);
    expect(toRules(data('rules-alert'), 'p').map((r) => r.name)).toEqual(['HighErrorRate']);
  });
});

describe('build info', () => {
  it('keeps version, revision, branch and Go version', () => {
    expect(toBuildInfo(data('buildinfo'), 'p')).toEqual({
      version: '2.42.0+ds',
      revision: '2.42.0+ds-5+deb12u1',
      branch: 'debian/sid',
      goVersion: 'go1.19.8',
    });
  });
});
