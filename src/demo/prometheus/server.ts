import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Labels } from '../../domain/types.js';
import { formParams, sendJson, sendText, serve, type Served } from '../http.js';
import { BATCH_LABEL } from '../../sources/prometheus/batch.js';
import { batchAnswers, type Answer } from './answers.js';

/**
 * A Prometheus /api/v1 that answers the queries of a table (./answers.ts) and lists rules and alerts,
 * with the envelope, status codes and error texts of the real one.
 */

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
  /** The queries it knows, with their answers (./answers.ts). */
  answers: Map<string, Answer>;
  now?: () => Date;
  rules?: () => WireRuleGroup[];
  /** Raw samples of `ALERTS{alertstate="firing"}[Ns]`, the alert history Prometheus keeps. */
  alertHistory?: (start: number, end: number) => Array<{ metric: Labels; values: Array<[number, string]> }>;
  port?: number;
}

const ALERTS_RANGE = /^ALERTS\{alertstate="firing"\}\[(\d+)s\]$/;

const MAX_POINTS = 11_000;

/** A refusal in Prometheus' own shape: 400 bad_data for bad parameters, 422 execution otherwise. */
class Refused extends Error {
  constructor(
    readonly status: 400 | 422,
    message: string,
  ) {
    super(message);
  }
}

const badData = (message: string): Refused => new Refused(400, message);

function parseTime(name: string, raw: string | null, fallback?: number): number {
  if ((raw === null || raw === '') && fallback !== undefined) return fallback;
  const n = raw ? Number(raw) : NaN;
  const ms = raw ? Date.parse(raw) : NaN;
  if (Number.isFinite(n) || Number.isFinite(ms)) return Number.isFinite(n) ? n : ms / 1000;
  throw badData(`invalid parameter "${name}": cannot parse "${raw ?? ''}" to a valid timestamp`);
}

/** Go's strconv with Prometheus' switch to exponent form below 1e-6 and from 1e21: "1e-07", "+Inf", "NaN". */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity || v === -Infinity) return v > 0 ? '+Inf' : '-Inf';
  return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Milliseconds precision, as Prometheus reports timestamps. */
const seconds = (t: number): number => Math.round(t * 1000) / 1000;

/** The series a query answers with: one for a known query, one per part (tagged) for a batch of them. */
function lookUp(answers: Map<string, Answer>, query: string): Array<{ metric: Labels; at: Answer }> {
  if (query.trim() === '') throw badData('invalid parameter "query": 1:1: parse error: no expression found in input');
  const one = answers.get(query);
  if (one) return [{ metric: {}, at: one }];
  // `vector(1)`: what `oncall config validate` asks to see that queries are answered.
  const literal = /^vector\((-?\d+(?:\.\d+)?)\)$/.exec(query.trim());
  if (literal) return [{ metric: {}, at: () => Number(literal[1]) }];
  const parts = batchAnswers(query, answers);
  if (parts) return parts.map((at, i) => ({ metric: { [BATCH_LABEL]: String(i) }, at }));
  // Sent back whole: oncall shows it beside the figure that asked, so the gap is visible, not a silent zero.
  throw new Refused(422, `the demo Prometheus answers only the queries oncall builds for the demo's SLOs, and not this one: ${query}`);
}

function instant(answers: Map<string, Answer>, query: string, t: number): unknown {
  const result = lookUp(answers, query).map((s) => ({ metric: s.metric, value: [seconds(t), formatValue(s.at(t))] }));
  return { resultType: 'vector', result };
}

function range(answers: Map<string, Answer>, query: string, p: URLSearchParams): unknown {
  const start = parseTime('start', p.get('start'));
  const end = parseTime('end', p.get('end'));
  if (end < start) throw badData('invalid parameter "end": end timestamp must not be before start time');
  const step = Number(p.get('step') || NaN);
  if (!Number.isFinite(step)) throw badData(`invalid parameter "step": cannot parse "${p.get('step') ?? ''}" to a valid duration`);
  if (step <= 0) throw badData('invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
  if ((end - start) / step > MAX_POINTS) throw badData('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  const series = lookUp(answers, query);
  const times: number[] = [];
  for (let t = start; t <= end; t += step) times.push(t);
  return { resultType: 'matrix', result: series.map((s) => ({ metric: s.metric, values: times.map((t) => [seconds(t), formatValue(s.at(t))]) })) };
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
      try {
        const history = path === '/api/v1/query' && opts.alertHistory ? ALERTS_RANGE.exec(q.trim()) : null;
        const at = () => parseTime('time', p.get('time'), now());
        const data = history
          ? { resultType: 'matrix', result: opts.alertHistory!(at() - Number(history[1]), at()) }
          : path === '/api/v1/query' ? instant(opts.answers, q, at()) : range(opts.answers, q, p);
        sendJson(res, 200, { status: 'success', data });
      } catch (err) {
        if (!(err instanceof Refused)) throw err;
        sendJson(res, err.status, { status: 'error', errorType: err.status === 400 ? 'bad_data' : 'execution', error: err.message });
      }
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
    sendText(res, 404, '404 page not found\n');
  };
  return serve('prometheus', handle, opts.port ?? 0);
}
