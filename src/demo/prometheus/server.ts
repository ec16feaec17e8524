import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Labels } from '../../domain/types.js';
import { formParams, sendJson, sendText, serve, type Served } from '../http.js';
import { durationSeconds, PromQLError } from './lexer.js';
import { EvalError } from './eval.js';
import { instantQuery, rangeQuery } from './query.js';
import type { SeriesSource } from './series.js';

/** A Prometheus /api/v1 over synthetic series: the envelope, status codes and error texts of the real one. */

export interface WireRule {
  type: 'recording' | 'alerting';
  name: string;
  query: string;
  labels?: Labels;
  annotations?: Labels;
  /** alerting only: seconds of `for` */
  duration?: number;
  state?: 'firing' | 'pending' | 'inactive';
  alerts?: Array<{ labels: Labels; annotations: Labels; state: string; activeAt: string; value: string }>;
}

export interface WireRuleGroup {
  name: string;
  file: string;
  interval: number;
  rules: WireRule[];
}

export interface PrometheusFakeOptions {
  source: SeriesSource;
  now?: () => Date;
  rules?: () => WireRuleGroup[];
  port?: number;
}

const MAX_POINTS = 11_000;

class BadData extends Error {}

function badData(res: ServerResponse, message: string): void {
  sendJson(res, 400, { status: 'error', errorType: 'bad_data', error: message });
}

function parseTime(name: string, raw: string | null, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (Number.isFinite(n)) return n;
  const ms = Date.parse(raw);
  if (Number.isFinite(ms)) return ms / 1000;
  throw new BadData(`invalid parameter "${name}": cannot parse "${raw}" to a valid timestamp`);
}

function parseStep(raw: string | null): number {
  if (raw === null || raw === '') throw new BadData('invalid parameter "step": cannot parse "" to a valid duration');
  const n = Number(raw);
  if (Number.isFinite(n)) return n;
  if (/^(\d+(ms|[smhdwy]))+$/.test(raw)) return durationSeconds(raw);
  throw new BadData(`invalid parameter "step": cannot parse "${raw}" to a valid duration`);
}

function query(res: ServerResponse, run: () => unknown): void {
  try {
    sendJson(res, 200, { status: 'success', data: run() });
  } catch (err) {
    if (err instanceof PromQLError) badData(res, `invalid parameter "query": ${err.message}`);
    else if (err instanceof BadData) badData(res, err.message);
    else if (err instanceof EvalError) sendJson(res, 422, { status: 'error', errorType: 'execution', error: err.message });
    else throw err;
  }
}

function rulesData(groups: WireRuleGroup[], type: string | null): unknown {
  const wanted = type === 'record' ? 'recording' : type === 'alert' ? 'alerting' : undefined;
  return {
    groups: groups
      .map((g) => ({
        name: g.name,
        file: g.file,
        interval: g.interval,
        limit: 0,
        evaluationTime: 0.001,
        lastEvaluation: new Date().toISOString(),
        rules: g.rules
          .filter((r) => !wanted || r.type === wanted)
          .map((r) =>
            r.type === 'recording'
              ? { name: r.name, query: r.query, labels: r.labels ?? {}, health: 'ok', evaluationTime: 0.0005, lastEvaluation: new Date().toISOString(), type: 'recording' }
              : {
                  state: r.state ?? 'inactive', name: r.name, query: r.query, duration: r.duration ?? 0, labels: r.labels ?? {},
                  annotations: r.annotations ?? {}, alerts: r.alerts ?? [], health: 'ok', evaluationTime: 0.0005,
                  lastEvaluation: new Date().toISOString(), type: 'alerting',
                },
          ),
      }))
      .filter((g) => !wanted || g.rules.length > 0),
  };
}

export async function startPrometheusFake(opts: PrometheusFakeOptions): Promise<Served> {
  const now = (): number => (opts.now ?? (() => new Date()))().getTime() / 1000;
  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname;
    if (path === '/-/ready' || path === '/-/healthy') {
      sendText(res, 200, path === '/-/ready' ? 'Prometheus Server is Ready.\n' : 'Prometheus Server is Healthy.\n');
      return;
    }
    if (path === '/api/v1/query' || path === '/api/v1/query_range') {
      if (req.method !== 'GET' && req.method !== 'POST') {
        sendText(res, 405, 'Method Not Allowed\n');
        return;
      }
      const p = await formParams(req, url);
      const q = p.get('query') ?? '';
      if (path === '/api/v1/query') {
        query(res, () => instantQuery(opts.source, q, parseTime('time', p.get('time'), now())));
        return;
      }
      query(res, () => {
        const start = parseTime('start', p.get('start'), NaN);
        const end = parseTime('end', p.get('end'), NaN);
        if (Number.isNaN(start)) throw new BadData('invalid parameter "start": cannot parse "" to a valid timestamp');
        if (Number.isNaN(end)) throw new BadData('invalid parameter "end": cannot parse "" to a valid timestamp');
        if (end < start) throw new BadData('invalid parameter "end": end timestamp must not be before start time');
        const step = parseStep(p.get('step'));
        if (step <= 0) throw new BadData('invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
        if ((end - start) / step > MAX_POINTS) {
          throw new BadData('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
        }
        return rangeQuery(opts.source, q, start, end, step);
      });
      return;
    }
    if (path === '/api/v1/rules') {
      sendJson(res, 200, { status: 'success', data: rulesData(opts.rules?.() ?? [], url.searchParams.get('type')) });
      return;
    }
    if (path === '/api/v1/alerts') {
      // Alerts of alerting rules, pending ones included, as /api/v1/alerts lists them.
      const alerts = (opts.rules?.() ?? []).flatMap((g) => g.rules.flatMap((r) => (r.type === 'alerting' ? (r.alerts ?? []) : [])));
      sendJson(res, 200, { status: 'success', data: { alerts } });
      return;
    }
    if (path === '/api/v1/status/buildinfo') {
      sendJson(res, 200, {
        status: 'success',
        data: { version: '2.42.0-demo', revision: 'demo', branch: 'demo', buildUser: 'oncall', buildDate: '20230201-00:00:00', goVersion: 'go1.19' },
      });
      return;
    }
    if (path === '/api/v1/labels') {
      const names = new Set(opts.source.series.flatMap((s) => Object.keys(s.labels)));
      sendJson(res, 200, { status: 'success', data: [...names].sort() });
      return;
    }
    const values = /^\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
    if (values) {
      const name = decodeURIComponent(values[1]!);
      const found = new Set(opts.source.series.map((s) => s.labels[name]).filter((v): v is string => v !== undefined));
      sendJson(res, 200, { status: 'success', data: [...found].sort() });
      return;
    }
    sendText(res, 404, '404 page not found\n');
  };
  return serve('prometheus', handle, opts.port ?? 0);
}
