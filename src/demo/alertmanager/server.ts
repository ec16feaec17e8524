import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseMatcher } from '../../domain/matchers.js';
import type { Matcher } from '../../domain/types.js';
import { readBody, sendJson, sendText, serve, type Served } from '../http.js';
import { AlertStore, groupAlerts, type InhibitRule } from './alerts.js';
import { AmError, SilenceStore } from './silences.js';
import { checkSilenceId, gettableAlert, gettableSilence, parsePostableAlerts, parsePostableSilence } from './wire.js';

/**
 * An Alertmanager /api/v2 in process: alerts, groups, silences and status, with 0.25's JSON shapes,
 * status codes and silence semantics. Unknown silence ids answer 404 on DELETE, like newer versions.
 */

export interface AlertmanagerFakeOptions {
  now?: () => Date;
  port?: number;
  receiver?: string;
  groupBy?: string[];
  inhibitRules?: InhibitRule[];
  /** Called before alerts are read, so a simulated world can post what fires at this moment. */
  beforeRead?: (fake: AlertmanagerFake) => void;
}

export interface AlertmanagerFake extends Served {
  alerts: AlertStore;
  silences: SilenceStore;
  now(): number;
}

export const VERSION = '0.25.0-demo';

const eq = (name: string, value: string): Matcher => ({ name, value, isRegex: false, isEqual: true });
export const DEFAULT_INHIBIT: InhibitRule[] = [{ source: [eq('severity', 'critical')], target: [eq('severity', 'warning')], equal: ['alertname', 'service'] }];

function flag(params: URLSearchParams, name: string): boolean {
  return params.get(name) !== 'false';
}

function filters(params: URLSearchParams): Matcher[] {
  return params.getAll('filter').map((text) => {
    try {
      return parseMatcher(text);
    } catch {
      throw new AmError(400, `bad matcher format: ${text}`);
    }
  });
}

function configYaml(receiver: string, groupBy: string[]): string {
  return [
    'global:',
    '  resolve_timeout: 5m',
    'route:',
    `  receiver: ${receiver}`,
    `  group_by: [${groupBy.join(', ')}]`,
    'inhibit_rules:',
    '- source_matchers: [severity="critical"]',
    '  target_matchers: [severity="warning"]',
    '  equal: [alertname, service]',
    'receivers:',
    `- name: ${receiver}`,
    '  pagerduty_configs:',
    '  - routing_key: <secret>',
    '',
  ].join('\n');
}

export async function startAlertmanagerFake(opts: AlertmanagerFakeOptions = {}): Promise<AlertmanagerFake> {
  const now = (): number => (opts.now ?? (() => new Date()))().getTime();
  const receiver = opts.receiver ?? 'oncall-demo';
  const groupBy = opts.groupBy ?? ['alertname', 'service'];
  const silences = new SilenceStore(now);
  const alerts = new AlertStore(now, silences, opts.inhibitRules ?? DEFAULT_INHIBIT);
  const started = now();
  let fake: AlertmanagerFake | undefined;

  const listAlerts = (params: URLSearchParams): ReturnType<AlertStore['withStatus']> => {
    if (fake) opts.beforeRead?.(fake);
    const ms = filters(params);
    const receiverParam = params.get('receiver');
    if (receiverParam && !new RegExp(`^(?:${receiverParam})$`).test(receiver)) return [];
    return alerts.withStatus().filter(({ alert, status }) => {
      if (!flag(params, 'active') && status.state === 'active') return false;
      if (!flag(params, 'silenced') && status.silencedBy.length > 0) return false;
      if (!flag(params, 'inhibited') && status.inhibitedBy.length > 0) return false;
      return ms.every((m) => {
        const actual = alert.labels[m.name] ?? '';
        const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(actual) : actual === m.value;
        return hit === m.isEqual;
      });
    });
  };

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    if (path === '/-/ready' || path === '/-/healthy') return sendText(res, 200, 'OK');
    if (path === '/api/v2/status' && method === 'GET') {
      return sendJson(res, 200, {
        cluster: { peers: [], status: 'disabled' },
        config: { original: configYaml(receiver, groupBy) },
        uptime: new Date(started).toISOString(),
        versionInfo: { branch: 'demo', buildDate: '20230409-09:50:43', buildUser: 'oncall', goVersion: 'go1.19.8', revision: 'demo', version: VERSION },
      });
    }
    if (path === '/api/v2/receivers' && method === 'GET') return sendJson(res, 200, [{ name: receiver }]);
    if (path === '/api/v2/alerts' && method === 'GET') {
      return sendJson(res, 200, listAlerts(url.searchParams).map(({ alert, status }) => gettableAlert(alert, status, receiver)));
    }
    if (path === '/api/v2/alerts' && method === 'POST') {
      alerts.put(parsePostableAlerts(await readBody(req)));
      alerts.collect();
      res.writeHead(200).end();
      return;
    }
    if (path === '/api/v2/alerts/groups' && method === 'GET') {
      const groups = groupAlerts(listAlerts(url.searchParams), groupBy);
      return sendJson(
        res,
        200,
        groups.map((g) => ({ alerts: g.alerts.map(({ alert, status }) => gettableAlert(alert, status, receiver)), labels: g.labels, receiver: { name: receiver } })),
      );
    }
    if (path === '/api/v2/silences' && method === 'GET') {
      const ms = filters(url.searchParams);
      const t = now();
      const matching = silences.sorted().filter((s) =>
        ms.every((f) => s.matchers.some((m) => m.name === f.name && m.value === f.value && m.isRegex === f.isRegex && m.isEqual === f.isEqual)),
      );
      return sendJson(res, 200, matching.map((s) => gettableSilence(s, t)));
    }
    if (path === '/api/v2/silences' && method === 'POST') {
      const silenceID = silences.set(parsePostableSilence(await readBody(req)));
      return sendJson(res, 200, { silenceID });
    }
    const one = /^\/api\/v2\/silence\/([^/]+)$/.exec(path);
    if (one && (method === 'GET' || method === 'DELETE')) {
      const id = decodeURIComponent(one[1]!);
      checkSilenceId(id);
      if (method === 'DELETE') {
        silences.expire(id);
        res.writeHead(200).end();
        return;
      }
      const s = silences.get(id);
      if (!s) {
        res.writeHead(404).end();
        return;
      }
      return sendJson(res, 200, gettableSilence(s, now()));
    }
    sendText(res, 404, '404 page not found\n');
  };

  const served = await serve(
    'alertmanager',
    async (req, res, url) => {
      try {
        await route(req, res, url);
      } catch (err) {
        if (!(err instanceof AmError)) throw err;
        // Bare strings come back with the trailing newline of Go's JSON encoder.
        const text = `${JSON.stringify(err.body)}${typeof err.body === 'string' ? '\n' : ''}`;
        res.writeHead(err.status, { 'content-type': 'application/json' }).end(text);
      }
    },
    opts.port ?? 0,
  );
  fake = { ...served, alerts, silences, now };
  return fake;
}
