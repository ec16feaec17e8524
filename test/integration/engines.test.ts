/**
 * Distributed engines, against a real Prometheus 2.42 and Alertmanager 0.25 behind a loopback gateway
 * that answers like Mimir (tenant header, prefixes, a ruler refusing several org ids) or Thanos
 * (warnings on every query answer), driven through the context loading every command uses.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { prometheusFor } from '../../src/cli/clients.js';
import { dashboardSlos } from '../../src/cli/dashboardSlos.js';
import { clearSecretCache } from '../../src/cli/config/secrets.js';
import { loadContext } from '../../src/cli/context.js';
import { run } from '../../src/cli/main.js';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';
import { captureIo } from '../cli/helpers/io.js';
import { postAlerts, startAlertmanager, type AmServer } from '../helpers/alertmanager.js';
import { startGateway, THANOS_WARNING, type Gateway } from '../helpers/engine-gateway.js';
import { startPrometheus, type PromServer } from '../helpers/prometheus.js';

const RULES = `groups:
  - name: web
    rules:
      - record: web:up:sum
        expr: vector(1)
      - alert: WebDown
        expr: vector(1)
`;

/** An SLO over the recording rule above: always 1, so always met. */
const WEB_SLO = { name: 'Web up', service: 'web', objective: '99%', window: '1d', sli: { query: 'web:up:sum' } };

let prom: PromServer;
let am: AmServer;
let mimir: Gateway;
let thanos: Gateway;
let dir: string;

beforeAll(async () => {
  [prom, am] = await Promise.all([startPrometheus({ rules: RULES }), startAlertmanager()]);
  [mimir, thanos] = await Promise.all([startGateway('mimir', prom.url, am.url), startGateway('thanos', prom.url)]);
  dir = await mkdtemp(join(tmpdir(), 'oncall-engines-'));
  await postAlerts(am.url, [{ labels: { alertname: 'DiskFull', severity: 'critical' } }]);
}, 60_000);

afterAll(async () => {
  await Promise.all([prom?.stop(), am?.stop(), mimir?.stop(), thanos?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ ONCALL_CONFIG_DIR: dir, USER: 'tester', PATH: process.env.PATH });

async function useContext(ctx: Record<string, unknown>) {
  clearSecretCache();
  await writeFile(join(dir, 'config.json'), JSON.stringify({ current_context: 'lab', contexts: { lab: ctx } }));
  return loadContext({}, env());
}

async function oncall(args: string[]) {
  const io = captureIo(env(), { columns: 200 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('Mimir', () => {
  it('sends the tenant as X-Scope-OrgID under /prometheus; without one, Mimir\'s "no org id" is shown', async () => {
    const client = prometheusFor(await useContext({ prometheus: { url: mimir.url, kind: 'mimir', tenant: 't1' } }));
    const { samples } = await client.query('vector(42)');
    expect(samples[0]?.value).toBe(42);
    expect(mimir.seen.at(-1)).toMatchObject({ path: '/prometheus/api/v1/query', tenant: 't1' });

    const untenanted = prometheusFor(await useContext({ prometheus: { url: mimir.url, kind: 'mimir' } }));
    await expect(untenanted.query('vector(1)')).rejects.toThrow(/wants a tenant \(401: no org id\)/);
  });

  it('federates queries over t1|t2 but asks the ruler once per tenant and merges the rules', async () => {
    const client = prometheusFor(await useContext({ prometheus: { url: mimir.url, kind: 'mimir', tenant: 't1|t2' } }));
    await client.query('vector(1)');
    expect(mimir.seen.at(-1)).toMatchObject({ path: '/prometheus/api/v1/query', tenant: 't1|t2' });
    const before = mimir.seen.length;
    const rules = await client.rules('record');
    const ruleRequests = mimir.seen.slice(before);
    expect(ruleRequests.map((r) => r.tenant).sort()).toEqual(['t1', 't2']);
    // One backend behind both tenants here, so each tenant's copy of the rule comes back.
    expect(rules.filter((r) => r.name === 'web:up:sum')).toHaveLength(2);
  });

  describe('two teams, each in its own tenant, keeping an SLA rule of the same name', () => {
    // One Prometheus per tenant behind the gateway; t1's checkout is healthy, t2's breached.
    const teamRules = (ratio: number) => `groups:
  - name: sla
    rules:
      - record: sla:checkout:ratio_30d
        expr: vector(${ratio})
      - alert: CheckoutSLABreach
        expr: sla:checkout:ratio_30d < 0.999
        labels: {service: checkout}
`;
    let t1: PromServer;
    let t2: PromServer;
    let teams: Gateway;
    beforeAll(async () => {
      [t1, t2] = await Promise.all([startPrometheus({ rules: teamRules(0.9999) }), startPrometheus({ rules: teamRules(0.99) })]);
      teams = await startGateway('mimir', prom.url, am.url, { t1: t1.url, t2: t2.url });
      // Until each Prometheus has evaluated its rule once, the SLA series does not exist.
      await vi.waitFor(
        async () => {
          for (const p of [t1, t2]) expect((await new PrometheusClient({ name: 'p', baseURL: p.url }).query('sla:checkout:ratio_30d')).samples).toHaveLength(1);
        },
        { timeout: 20_000, interval: 200 },
      );
    }, 60_000);
    afterAll(async () => {
      await Promise.all([t1?.stop(), t2?.stop(), teams?.stop()]);
    });

    it('oncall slo over t1|t2 shows each tenant\'s SLO on its own, read in that tenant alone', async () => {
      await useContext({ prometheus: { url: teams.url, kind: 'mimir', tenant: 't1|t2' } });
      const before = teams.seen.length;
      const r = await oncall(['slo', '-o', 'json']);
      // 3: an SLO breached (t2's).
      expect(r.code, r.err).toBe(3);
      const slos = JSON.parse(r.out) as Array<{ id: string; name: string; compliance: number; status: string }>;
      const rows = slos.map((s) => [s.id, s.name, s.compliance, s.status]).sort();
      expect(rows).toEqual([
        ['t1/checkout', 't1/Checkout', 0.9999, 'healthy'],
        ['t2/checkout', 't2/Checkout', 0.99, expect.stringMatching(/breached|critical/)],
      ]);
      // No SLO query went out federated: t2's series would have been read into t1's SLO.
      const queries = teams.seen.slice(before).filter((q) => q.path.startsWith('/prometheus/api/v1/query'));
      expect(queries.length).toBeGreaterThan(0);
      expect(new Set(queries.map((q) => q.tenant))).toEqual(new Set(['t1', 't2']));
      // The history reads each tenant's own too.
      const history = JSON.parse((await oncall(['slo', 'checkout', '--history', '1d', '-o', 'json'])).out) as Array<{ id: string; history: unknown }>;
      expect(history.map((h) => h.id).sort()).toEqual(['t1/checkout', 't2/checkout']);
      expect(history.every((h) => h.history && !('error' in (h.history as object)))).toBe(true);
    });

    const checkout = (name: string) => ({ name, service: 'checkout', objective: '99.9%', window: '30d', critical: 'below 99.5%', sli: { query: 'sla:checkout:ratio_30d' } });
    const sloRows = async () => {
      const before = teams.seen.length;
      const r = await oncall(['slo', '-o', 'json']);
      const rows = (JSON.parse(r.out) as Array<{ name: string; source: string; compliance: number }>).map((s) => `${s.name} ${s.source} ${s.compliance}`).sort();
      const tenants = new Set(teams.seen.slice(before).filter((q) => q.path.startsWith('/prometheus/api/v1/query')).map((q) => q.tenant));
      return { code: r.code, err: r.err, rows, tenants };
    };

    it('a config entry named as the discovered SLO replaces it in each tenant that has it, read there', async () => {
      await useContext({ prometheus: { url: teams.url, kind: 'mimir', tenant: 't1|t2' }, slos: [checkout('Checkout')] });
      const r = await sloRows();
      expect(r.rows).toEqual(['t1/Checkout config 0.9999', 't2/Checkout config 0.99']);
      expect(r.tenants).toEqual(new Set(['t1', 't2']));
      expect(r.code).toBe(3);
    });

    it('a config entry named t2/… replaces t2\'s SLO only, and is read in t2: its breach is not hidden by t1', async () => {
      await useContext({ prometheus: { url: teams.url, kind: 'mimir', tenant: 't1|t2' }, slos: [checkout('t2/Checkout')] });
      const r = await sloRows();
      expect(r.rows).toEqual(['t1/Checkout rule 0.9999', 't2/Checkout config 0.99']);
      expect(r.tenants).toEqual(new Set(['t1', 't2']));
      expect(r.code).toBe(3);
    });

    it('one tenant\'s ruler failing: the other tenant\'s SLOs are shown, the failing one is named, exit 1', async () => {
      await useContext({ prometheus: { url: teams.url, kind: 'mimir', tenant: 't1|t2' } });
      teams.failingRulers.add('t2');
      try {
        const table = await oncall(['slo']);
        expect(table.out).toMatch(/^t1\/Checkout\s/m);
        expect(table.err).toContain('error: the rules of tenant t2 could not be read');
        expect(table.err).toContain('its SLOs are missing');
        expect(table.code).toBe(1);
        const status = JSON.parse((await oncall(['status', '-o', 'json'])).out) as { failures: Record<string, string> };
        expect(status.failures.prometheus).toContain('the rules of tenant t2 could not be read');
        // The dashboard gets t1's SLOs, and the failure marked for the SLO pane's title.
        const ctx = await useContext({ prometheus: { url: teams.url, kind: 'mimir', tenant: 't1|t2' } });
        const snapshot = await dashboardSlos({ ...ctx, prometheus: ctx.prometheus! }).load();
        expect(snapshot.reports.map((r) => r.id)).toEqual(['t1/checkout']);
        expect(snapshot.skipped.filter((x) => x.unread).map((x) => x.reason)).toEqual([expect.stringContaining('the rules of tenant t2 could not be read')]);
      } finally {
        teams.failingRulers.clear();
      }
    });

    it('the dashboard\'s SLO strip shows both tenants\' SLOs first with figures, then with trends, each read in its tenant', async () => {
      const ctx = await useContext({ prometheus: { url: teams.url, kind: 'mimir', tenant: 't1|t2' } });
      const source = dashboardSlos({ ...ctx, prometheus: ctx.prometheus! });
      const early: string[][] = [];
      const before = teams.seen.length;
      const first = await source.load((s) => early.push(s.reports.map((r) => `${r.id} ${r.compliance}`).sort()));
      expect(early).toEqual([['t1/checkout 0.9999', 't2/checkout 0.99']]);
      expect(first.reports.map((r) => `${r.id} ${r.compliance} ${r.trend.length > 0}`).sort()).toEqual(['t1/checkout 0.9999 true', 't2/checkout 0.99 true']);
      const ranges = teams.seen.slice(before).filter((q) => q.path === '/prometheus/api/v1/query_range');
      expect(ranges.length).toBeGreaterThan(0);
      expect(new Set(ranges.map((q) => q.tenant))).toEqual(new Set(['t1', 't2']));
    });
  });

  it('oncall alerts reads the tenant\'s Alertmanager under /alertmanager', async () => {
    await useContext({ alertmanager: { url: mimir.url, kind: 'mimir', tenant: 't1' } });
    const r = await oncall(['alerts', '-o', 'json']);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).map((a: { labels: { alertname: string } }) => a.labels.alertname)).toEqual(['DiskFull']);
    expect(mimir.seen.at(-1)).toMatchObject({ path: '/alertmanager/api/v2/alerts', tenant: 't1' });
  });

  it('config validate says which kind and what it will do', async () => {
    await useContext({ prometheus: { url: mimir.url, kind: 'mimir', tenant: 't1|t2' } });
    const r = await oncall(['config', 'validate']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ok\s+prometheus.*kind mimir: queries under \/prometheus; X-Scope-OrgID: t1\|t2; rules fetched once per tenant \(t1, t2\)/);
  });

  it('with no kind set, Mimir is found from its buildinfo and queried under /prometheus; without a tenant, config validate and commands say to set one', async () => {
    await useContext({ prometheus: { url: mimir.url }, slos: [WEB_SLO] });
    const r = await oncall(['config', 'validate']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED\s+prometheus.*HTTP 401 from .*\/prometheus\/api\/v1\/query/);
    expect(r.out).toContain('hint: Mimir wants a tenant: set prometheus.tenant');
    const before = mimir.seen.length;
    const slo = await oncall(['slo']);
    expect(slo.code).toBe(1);
    expect(slo.err).toMatch(/wants a tenant/);
    expect(mimir.seen.slice(before).filter((x) => x.path.endsWith('/query')).map((x) => x.path)).toContain('/prometheus/api/v1/query');
  });

  it('with no kind set, a Mimir without tenants is found under /prometheus and queried there', async () => {
    const anonymous = await startGateway('mimir', prom.url, am.url, undefined, { anonymous: true });
    try {
      await useContext({ prometheus: { url: anonymous.url }, slos: [WEB_SLO] });
      const r = await oncall(['config', 'validate']);
      expect(r.out).toMatch(/ok\s+prometheus.*Mimir\/Cortex 2\.10\.3; kind mimir \(found, not set\): queries under \/prometheus/);
      const slo = await oncall(['slo', '-o', 'json']);
      expect(slo.err).toBe('');
      expect(JSON.parse(slo.out)).toMatchObject([{ name: 'Web up' }]);
      expect(anonymous.seen.filter((x) => x.path.endsWith('/query')).map((x) => x.path)).toContain('/prometheus/api/v1/query');
    } finally {
      await anonymous.stop();
    }
  });

  it('config validate without a tenant says Mimir wants one, not that the credentials were rejected', async () => {
    await useContext({ prometheus: { url: mimir.url, kind: 'mimir' } });
    const r = await oncall(['config', 'validate']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('hint: Mimir wants a tenant: set prometheus.tenant');
    expect(r.out).not.toContain('credentials were rejected');
  });

  it('a URL that already ends with /prometheus or /alertmanager gets no second prefix', async () => {
    const client = prometheusFor(await useContext({ prometheus: { url: `${mimir.url}/prometheus/`, kind: 'mimir', tenant: 't1' } }));
    expect((await client.query('vector(7)')).samples[0]?.value).toBe(7);
    expect(mimir.seen.at(-1)).toMatchObject({ path: '/prometheus/api/v1/query', tenant: 't1' });
    await useContext({ prometheus: { url: `${mimir.url}/prometheus`, kind: 'mimir', tenant: 't1' }, alertmanager: { url: `${mimir.url}/alertmanager`, kind: 'mimir', tenant: 't1' } });
    const r = await oncall(['config', 'validate']);
    expect(r.code).toBe(0);
    expect(mimir.seen.map((x) => x.path).filter((p) => /\/(prometheus|alertmanager)\/\1/.test(p))).toEqual([]);
    expect((await oncall(['alerts', '-o', 'json'])).err).toBe('');
    expect(mimir.seen.at(-1)).toMatchObject({ path: '/alertmanager/api/v2/alerts', tenant: 't1' });
  });
});

describe('Thanos', () => {
  it('asks for dedup and partial responses and hands the answers\' warnings on', async () => {
    const client = prometheusFor(await useContext({ prometheus: { url: thanos.url, kind: 'thanos' } }));
    const { warnings } = await client.query('vector(1)');
    expect(warnings).toContain(THANOS_WARNING);
    expect(thanos.seen.at(-1)?.params).toMatchObject({ dedup: 'true', partial_response: 'true' });
    const range = await client.queryRange('vector(1)', new Date(Date.now() - 60_000), new Date(), 15);
    expect(range.warnings).toContain(THANOS_WARNING);
  });

  it('oncall slo and oncall status say which SLO figures came from a partial answer, and why', async () => {
    const slos = [{ name: 'Web up', service: 'web', objective: '99%', window: '1d', sli: { query: 'web:up:sum' } }];
    await useContext({ prometheus: { url: thanos.url, kind: 'thanos' }, slos });
    const table = await oncall(['slo']);
    expect(table.out).toMatch(/^! Web up\s/m);
    expect(table.out).toContain(`! Web up: the answer was partial: ${THANOS_WARNING}`);
    const status = await oncall(['status', '--no-color']);
    expect(status.out).toContain(`partial answer: ${THANOS_WARNING}`);
    expect(JSON.parse((await oncall(['status', '-o', 'json'])).out).sloWarnings).toEqual([THANOS_WARNING]);
    const history = await oncall(['slo', '--history', '1d']);
    expect(history.out).toContain(`(the answer was partial: ${THANOS_WARNING})`);
    const [web] = JSON.parse((await oncall(['slo', '--history', '1d', '-o', 'json'])).out) as Array<{ history: { breaches: { warnings?: string[] } } }>;
    expect(web!.history.breaches.warnings).toEqual([THANOS_WARNING]);
    // The timeline reads Prometheus' ALERTS: a partial answer is said, and is no failure (exit 0).
    const timeline = await oncall(['timeline', '--since', '1h']);
    expect(timeline.err).toContain(`timeline: prometheus: the answer was partial: ${THANOS_WARNING}`);
    expect(timeline.code).toBe(0);
    // So does alerts --resolved-within, which reads the same ALERTS history.
    await useContext({ prometheus: { url: thanos.url, kind: 'thanos' }, alertmanager: { url: am.url }, slos });
    const resolved = await oncall(['alerts', '--resolved-within', '1h']);
    expect(resolved.err).toContain(`alerts: prometheus: the answer was partial: ${THANOS_WARNING}`);
    expect(resolved.code).toBe(0);
    // The handover's SLO section says its figures came from a partial answer, even with none at risk.
    const handover = await oncall(['handover', '--since', '1h']);
    expect(handover.out).toContain(`Read from a partial answer (${THANOS_WARNING}): Web up.`);
    // The same SLO read from Prometheus itself: no warning, no mark.
    await useContext({ prometheus: { url: prom.url }, slos });
    const plain = await oncall(['slo']);
    expect(plain.out).toMatch(/^Web up\s/m);
    expect(plain.out).not.toMatch(/^! /m);
  });

  it('partial_response: false is sent as such', async () => {
    const client = prometheusFor(await useContext({ prometheus: { url: thanos.url, kind: 'thanos', partial_response: false } }));
    await client.query('vector(1)');
    expect(thanos.seen.at(-1)?.params).toMatchObject({ dedup: 'true', partial_response: 'false' });
  });

  it('with no kind set, Thanos is found from its buildinfo: dedup and partial responses are asked, and config validate says so', async () => {
    const client = prometheusFor(await useContext({ prometheus: { url: thanos.url } }));
    const { warnings } = await client.query('vector(1)');
    expect(warnings).toContain(THANOS_WARNING);
    expect(thanos.seen.at(-1)?.params).toMatchObject({ dedup: 'true', partial_response: 'true' });
    const r = await oncall(['config', 'validate']);
    expect(r.out).toMatch(/ok\s+prometheus.*Thanos 0\.32\.5; kind thanos \(found, not set\): dedup=true; partial_response=true/);
  });

  it('kind: prometheus set in the config gets neither parameter, whatever the server says it is', async () => {
    const client = prometheusFor(await useContext({ prometheus: { url: thanos.url, kind: 'prometheus' } }));
    await client.query('vector(1)');
    expect(thanos.seen.at(-1)?.params).not.toHaveProperty('dedup');
    expect(thanos.seen.at(-1)?.params).not.toHaveProperty('partial_response');
    const r = await oncall(['config', 'validate']);
    expect(r.out).toMatch(/ok\s+prometheus.*kind prometheus: plain Prometheus API; but the server looks like thanos/);
  });
});

describe('VictoriaMetrics', () => {
  it('reads rules from rules_url (vmalert) while queries go under /select/<accountID>/prometheus', async () => {
    // The Mimir gateway plays vmselect here only as a recorder: its /select path answers 401/404.
    const ctx = await useContext({ prometheus: { url: thanos.url, kind: 'victoriametrics', tenant: '7', rules_url: prom.url } });
    const client = prometheusFor(ctx);
    const rules = await client.rules('alert');
    expect(rules.map((r) => r.name)).toContain('WebDown');
    await client.query('vector(1)').catch(() => undefined);
    expect(thanos.seen.at(-1)?.path).toBe('/select/7/prometheus/api/v1/query');
  });
});
