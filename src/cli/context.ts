import { DEFAULT_MAX_SILENCE_MS } from '../domain/silenceDraft.js';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { configDuration, DEFAULT_PAGERDUTY_URL, type ContextConfig, type TransportConfig } from '../domain/config.js';
import { enginePlan, TENANT_HEADER, withPathPrefix, type EnginePlan, type FoundSettings } from '../domain/engine.js';
import { DEFAULT_RESPONSE_TARGETS, type ResponseTargets } from '../domain/response.js';
import type { TransportOptions } from '../sources/transport.js';
import { effectiveContext } from './config/effective.js';
import { missingSecret, secretFrom, type Secret } from './config/secrets.js';
import { expandHome } from './config/path.js';
import { ALL_SOURCES, type GlobalFlags, type SourceName } from './flags.js';

export type { Secret } from './config/secrets.js';
export type { GlobalFlags, SourceName } from './flags.js';

export interface PagerDutyContext {
  transport: TransportOptions;
  /** Lazy: reading it may run a command that prompts. */
  token: Secret;
  tokenType: 'token' | 'bearer';
  /** Email for the From header that PagerDuty writes require. */
  from?: string;
  userId?: string;
}

export interface ResolvedContext {
  name: string;
  readOnly: boolean;
  /** "--readonly" or "read_only: true in config" */
  readOnlyReason?: string;
  /** Silence createdBy: config `author`, else $USER. */
  author: string;
  /** `max_silence`: no silence is created or extended past this length (default 30d). */
  maxSilenceMs: number;
  prometheus?: TransportOptions;
  /** What the engine behind prometheus.url needs (prefix, tenant header, Thanos params, rules URL). */
  prometheusEngine?: EnginePlan;
  /** prometheus.kind not set: the kind is found from the server's buildinfo and planned with these settings (src/sources/prometheus/detect.ts). */
  prometheusDetect?: FoundSettings;
  /** [] when not configured (or not asked for). */
  alertmanagers: TransportOptions[];
  pagerduty?: PagerDutyContext;
  poll: { alertmanagerMs: number; pagerdutyMs: number; prometheusMs: number };
  responseTargets: ResponseTargets;
  /** How long an ack silence lasts (default 1h), or false: ack PagerDuty only. */
  ackSilenceMs: number | false;
  /** Passed through; the SLO module parses it. */
  slos: unknown[];
  runbooks: string[];
  configPath: string;
  auditPath: string;
  /** Inline secrets and the like; `config validate` prints them. */
  warnings: string[];
}

export interface LoadOptions {
  /**
   * The sources this command talks to. Only their secrets are read (Prometheus and Alertmanager
   * passwords and bearer tokens are read here, eagerly; they come from env, files or commands).
   * Sources not listed are left out of the result. Default: all three.
   */
  need?: readonly SourceName[];
}

export const DEFAULT_POLL = { alertmanager: '15s', pagerduty: '30s', prometheus: '30s' } as const;

async function transportFrom(
  cfg: TransportConfig,
  baseURL: string,
  name: string,
  env: NodeJS.ProcessEnv,
): Promise<TransportOptions> {
  const opts: TransportOptions = { baseURL, name, env };
  if (cfg.timeout) opts.timeoutMs = configDuration(cfg.timeout, `${name}.timeout`);
  if (cfg.headers) opts.headers = { ...cfg.headers };
  if (cfg.ca_file) opts.caFile = expandHome(cfg.ca_file, env);
  if (cfg.cert_file) opts.certFile = expandHome(cfg.cert_file, env);
  if (cfg.key_file) opts.keyFile = expandHome(cfg.key_file, env);
  if (cfg.insecure) opts.insecure = true;
  const bearer = secretFrom(cfg, 'bearer_token', `${name} bearer token`, env);
  if (bearer) {
    opts.bearerToken = await bearer.get();
    opts.credentials = `bearer token (${bearer.source})`;
  }
  if (cfg.basic_auth) {
    const password = secretFrom(cfg.basic_auth, 'password', `${name} basic auth password`, env);
    opts.basicAuth = { username: cfg.basic_auth.username, password: password ? await password.get() : '' };
    opts.credentials = password ? `basic auth password of ${cfg.basic_auth.username} (${password.source})` : `basic auth user ${cfg.basic_auth.username} (no password set)`;
  }
  return opts;
}

function responseTargets(cfg: ContextConfig['response_targets']): ResponseTargets {
  const out = structuredClone(DEFAULT_RESPONSE_TARGETS);
  for (const sev of ['critical', 'warning'] as const) {
    const t = cfg?.[sev];
    if (t?.ack) out[sev].ackMs = configDuration(t.ack, `response_targets.${sev}.ack`);
    if (t?.resolve) out[sev].resolveMs = configDuration(t.resolve, `response_targets.${sev}.resolve`);
  }
  return out;
}

function defaultAuthor(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.USER || env.LOGNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'oncall';
  }
}

/**
 * The composition root's view of one context: config file < environment < flags, validated, with
 * transports ready for createHttp. PagerDuty's token stays a lazy Secret.
 */
export async function loadContext(
  flags: GlobalFlags,
  env: NodeJS.ProcessEnv = process.env,
  options: LoadOptions = {},
): Promise<ResolvedContext> {
  const eff = effectiveContext(flags, env);
  const ctx = eff.context;
  const need = new Set(options.need ?? ALL_SOURCES);
  const poll = { ...DEFAULT_POLL, ...ctx.poll };

  const resolved: ResolvedContext = {
    name: eff.name,
    readOnly: ctx.read_only === true,
    ...(eff.readOnlyReason ? { readOnlyReason: eff.readOnlyReason } : {}),
    author: ctx.author ?? defaultAuthor(env),
    maxSilenceMs: ctx.max_silence === undefined ? DEFAULT_MAX_SILENCE_MS : configDuration(ctx.max_silence, 'max_silence'),
    alertmanagers: [],
    poll: {
      alertmanagerMs: configDuration(poll.alertmanager, 'poll.alertmanager'),
      pagerdutyMs: configDuration(poll.pagerduty, 'poll.pagerduty'),
      prometheusMs: configDuration(poll.prometheus, 'poll.prometheus'),
    },
    responseTargets: responseTargets(ctx.response_targets),
    ackSilenceMs: ctx.ack?.silence === false ? false : configDuration(ctx.ack?.silence ?? '1h', 'ack.silence'),
    slos: ctx.slos ?? [],
    runbooks: (ctx.runbooks ?? []).map((r) => expandHome(r, env)),
    configPath: eff.configPath,
    auditPath: join(dirname(eff.configPath), 'audit.jsonl'),
    warnings: eff.warnings,
  };

  if (need.has('prometheus') && ctx.prometheus) {
    const p = ctx.prometheus;
    resolved.prometheus = await transportFrom(p, p.url, 'prometheus', env);
    const settings = {
      ...(p.tenant ? { tenant: p.tenant } : {}),
      ...(p.partial_response !== undefined ? { partialResponse: p.partial_response } : {}),
      ...(p.rules_url ? { rulesUrl: p.rules_url } : {}),
    };
    resolved.prometheusEngine = enginePlan({ kind: p.kind ?? 'prometheus', ...settings });
    if (!p.kind) resolved.prometheusDetect = settings;
  }
  if (need.has('alertmanager') && ctx.alertmanager) {
    const am = ctx.alertmanager;
    const urls = am.urls;
    for (const [i, url] of urls.entries()) {
      const name = urls.length > 1 ? `alertmanager[${i + 1}]` : 'alertmanager';
      const t = await transportFrom(am, url, name, env);
      // Mimir serves each tenant's Alertmanager under /alertmanager, chosen by the org id header.
      if (am.kind === 'mimir') {
        t.baseURL = withPathPrefix(url, '/alertmanager');
        if (am.tenant) t.headers = { ...t.headers, [TENANT_HEADER]: am.tenant };
      }
      resolved.alertmanagers.push(t);
    }
  }
  if (need.has('pagerduty') && ctx.pagerduty) {
    const pd = ctx.pagerduty;
    const transport = await transportFrom(
      { timeout: pd.timeout, headers: pd.headers, ca_file: pd.ca_file, cert_file: pd.cert_file, key_file: pd.key_file, insecure: pd.insecure },
      pd.url ?? DEFAULT_PAGERDUTY_URL,
      'pagerduty',
      env,
    );
    resolved.pagerduty = {
      transport,
      token:
        secretFrom(pd, 'token', 'pagerduty token', env) ??
        missingSecret('PagerDuty token', 'set PAGERDUTY_API_TOKEN, or token_env / token_file / token_command under pagerduty in your config'),
      tokenType: pd.token_type ?? 'token',
      ...(pd.from ? { from: pd.from } : {}),
      ...(pd.user_id ? { userId: pd.user_id } : {}),
    };
  }
  return resolved;
}
