import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/domain/config.js';
import { describePlan, enginePlan, kindFromBuildInfo, withPathPrefix } from '../../src/domain/engine.js';

const withProm = (prometheus: Record<string, unknown>, alertmanager?: Record<string, unknown>) =>
  validateConfig({ contexts: { eu: { prometheus: { url: 'http://q:9090', ...prometheus }, ...(alertmanager ? { alertmanager } : {}) } } });

describe('engine settings in the config', () => {
  it('accepts each kind and its settings', () => {
    expect(() => withProm({ kind: 'thanos', partial_response: false })).not.toThrow();
    expect(() => withProm({ kind: 'mimir', tenant: 't1|t2' }, { url: 'http://q:9090', kind: 'mimir', tenant: 't1' })).not.toThrow();
    expect(() => withProm({ kind: 'victoriametrics', tenant: '7', rules_url: 'http://vmalert:8880' })).not.toThrow();
  });

  it('refuses an unknown kind, a tenant the kind cannot use, and several VictoriaMetrics accounts', () => {
    expect(() => withProm({ kind: 'cortexx' })).toThrow(/prometheus.kind must be one of prometheus, thanos, mimir, victoriametrics/);
    expect(() => withProm({ tenant: 't1' })).toThrow(/tenant needs kind: mimir or victoriametrics/);
    expect(() => withProm({ kind: 'victoriametrics', tenant: '1|2' })).toThrow(/one accountID/);
    expect(() => withProm({ rules_url: 'vmalert:8880' })).toThrow(/rules_url/);
    expect(() => withProm({}, { url: 'http://q:9093', tenant: 't1' })).toThrow(/alertmanager.tenant needs kind: mimir/);
  });

  it('refuses tenants the engine would refuse at every request, or send no header for', () => {
    expect(() => withProm({ kind: 'victoriametrics', tenant: 'abc' })).toThrow(/accountID is a number, or accountID:projectID \(got "abc"\)/);
    expect(() => withProm({ kind: 'victoriametrics', tenant: '-1' })).toThrow(/accountID is a number/);
    expect(() => withProm({ kind: 'victoriametrics', tenant: '1:2:3' })).toThrow(/accountID is a number/);
    expect(() => withProm({ kind: 'victoriametrics', tenant: '1:2' })).not.toThrow();
    expect(() => withProm({ kind: 'mimir', tenant: '|' })).toThrow(/"" is no Mimir tenant/);
    expect(() => withProm({ kind: 'mimir', tenant: 'a b/c' })).toThrow(/"a b\/c" is no Mimir tenant/);
    expect(() => withProm({ kind: 'mimir', tenant: 'team-a|team.b' })).not.toThrow();
    expect(() => withProm({}, { url: 'http://q:9093', kind: 'mimir', tenant: 't1|t2' })).toThrow(/Mimir's Alertmanager takes one tenant/);
  });

  it('warns that partial_response does nothing outside Thanos', () => {
    expect(withProm({ kind: 'mimir', tenant: 't1', partial_response: false }).warnings).toEqual([expect.stringContaining('prometheus.partial_response is for kind: thanos')]);
    expect(withProm({ kind: 'thanos', partial_response: false }).warnings).toEqual([]);
  });
});

describe('enginePlan', () => {
  it('puts VictoriaMetrics queries under /select/<accountID>/prometheus (account 0 by default)', () => {
    expect(enginePlan({ kind: 'victoriametrics', tenant: '7' }).pathPrefix).toBe('/select/7/prometheus');
    expect(enginePlan({ kind: 'victoriametrics' }).pathPrefix).toBe('/select/0/prometheus');
    expect(enginePlan({ kind: 'victoriametrics', tenant: '1:2' }).pathPrefix).toBe('/select/1:2/prometheus');
  });

  it('adds a path prefix once: a URL that already ends with it is left as it is', () => {
    expect(withPathPrefix('http://mimir:8080/', '/prometheus')).toBe('http://mimir:8080/prometheus');
    expect(withPathPrefix('http://mimir:8080/prometheus/', '/prometheus')).toBe('http://mimir:8080/prometheus');
    expect(withPathPrefix('http://vm:8481/select/0/prometheus', '/select/0/prometheus')).toBe('http://vm:8481/select/0/prometheus');
    expect(withPathPrefix('http://prom:9090/', '')).toBe('http://prom:9090');
  });

  it('names rules_url in config validate without the credentials in it', () => {
    const plan = enginePlan({ kind: 'victoriametrics', rulesUrl: 'http://admin:s3cret@vmalert:8880/' });
    expect(describePlan(plan, (u) => u.replace(/\/\/[^@]*@/, '//REDACTED@'))).toBe('queries under /select/0/prometheus; rules from http://REDACTED@vmalert:8880');
  });

  it('asks the Mimir ruler per tenant only when there are several', () => {
    expect(enginePlan({ kind: 'mimir', tenant: 't1' }).ruleTenants).toEqual([]);
    expect(enginePlan({ kind: 'mimir', tenant: 't1 | t2' })).toMatchObject({ ruleTenants: ['t1', 't2'], headers: { 'X-Scope-OrgID': 't1|t2' } });
  });
});

describe('kindFromBuildInfo', () => {
  it('tells the engines apart where their buildinfo says so', () => {
    expect(kindFromBuildInfo({ application: 'Grafana Mimir', version: '2.10.0' })).toBe('mimir');
    expect(kindFromBuildInfo({ version: '0.34.1', revision: 'abc', branch: 'HEAD' })).toBe('thanos');
    expect(kindFromBuildInfo({ version: '2.24.0' })).toBe('victoriametrics');
    expect(kindFromBuildInfo({ version: '2.42.0', revision: 'abc', branch: 'debian/sid' })).toBe('prometheus');
  });
});

describe('fleets and context names', () => {
  it('refuses a context name holding a comma, and a fleet naming an unknown context', () => {
    expect(() => validateConfig({ contexts: { 'eu,us': {} } })).toThrow(/context name "eu,us" holds a comma/);
    expect(() => validateConfig({ contexts: { eu: {}, us: {} }, fleets: { prod: ['eu', 'uss'] } })).toThrow(/fleets.prod: unknown context "uss" \(did you mean us\?\)/);
    expect(() => validateConfig({ contexts: { eu: {} }, fleets: { prod: [] } })).toThrow(/at least one context/);
    expect(validateConfig({ contexts: { eu: {}, us: {} }, fleets: { prod: ['eu', 'us'] } }).config.fleets).toEqual({ prod: ['eu', 'us'] });
  });
});
