import { parseDuration } from './duration.js';
import { ENGINE_KINDS, type EngineKind } from './engine.js';
import { OncallError } from './errors.js';

/**
 * The config file's shape, exactly as stored (snake_case, what users type). Validation checks every
 * key so that a typo is reported instead of silently ignored.
 */
export interface ConfigFile {
  current_context?: string;
  contexts?: Record<string, ContextConfig>;
  /** A name for a list of contexts (`--fleet prod`). */
  fleets?: Record<string, string[]>;
}

export interface BasicAuthConfig {
  username: string;
  password?: string;
  password_env?: string;
  password_file?: string;
  password_command?: string;
}

export interface TransportConfig {
  timeout?: string;
  basic_auth?: BasicAuthConfig;
  bearer_token?: string;
  bearer_token_env?: string;
  bearer_token_file?: string;
  bearer_token_command?: string;
  headers?: Record<string, string>;
  ca_file?: string;
  cert_file?: string;
  key_file?: string;
  insecure?: boolean;
}

export interface PrometheusConfig extends TransportConfig {
  url: string;
  /** The engine behind the URL; detected from buildinfo when unset. */
  kind?: EngineKind;
  /** Mimir/Cortex org id (`t1|t2` for several), VictoriaMetrics accountID. */
  tenant?: string;
  /** Thanos: accept answers missing a store (default true); they carry warnings. */
  partial_response?: boolean;
  /** vmalert's URL when rules are not served behind the query address. */
  rules_url?: string;
}

export interface AlertmanagerConfig extends TransportConfig {
  /** Several peers of one HA cluster. */
  urls: string[];
  /** `mimir`: Mimir's Alertmanager under /alertmanager with the tenant header. */
  kind?: 'alertmanager' | 'mimir';
  tenant?: string;
}

export interface PagerDutyConfig {
  url?: string;
  timeout?: string;
  token?: string;
  token_env?: string;
  token_file?: string;
  token_command?: string;
  token_type?: 'token' | 'bearer';
  from?: string;
  user_id?: string;
  headers?: Record<string, string>;
  ca_file?: string;
  cert_file?: string;
  key_file?: string;
  insecure?: boolean;
}

export interface PollConfig {
  alertmanager?: string;
  pagerduty?: string;
  prometheus?: string;
}

export interface ContextConfig {
  read_only?: boolean;
  author?: string;
  /** The longest silence `oncall` creates or extends to (a duration; default 30d). */
  max_silence?: string;
  prometheus?: PrometheusConfig;
  alertmanager?: AlertmanagerConfig;
  pagerduty?: PagerDutyConfig;
  poll?: PollConfig;
  /** `silence`: how long the ack silence of a combined ack lasts, or false to ack PagerDuty only. */
  ack?: { silence?: string | false };
  /** How soon incidents must be acknowledged and resolved, by severity (durations such as 5m). */
  response_targets?: Partial<Record<'critical' | 'warning', { ack?: string; resolve?: string }>>;
  /** Parsed by the SLO module. */
  slos?: unknown[];
  runbooks?: string[];
}

export interface ValidatedConfig {
  config: ConfigFile;
  /** Not errors, but worth saying (inline secrets). */
  warnings: string[];
}

export const DEFAULT_PAGERDUTY_URL = 'https://api.pagerduty.com';
/** Below this a poll loop only adds load; PagerDuty allows 960 requests a minute per key. */
const MIN_POLL_MS = 1000;

const FIX_HINT = 'edit the file shown by `oncall config path`, or run `oncall config init`';

function fail(message: string): never {
  throw new OncallError('config', message, { hint: FIX_HINT });
}

const TRANSPORT_KEYS = [
  'timeout', 'basic_auth', 'bearer_token', 'bearer_token_env', 'bearer_token_file', 'bearer_token_command',
  'headers', 'ca_file', 'cert_file', 'key_file', 'insecure',
] as const;
const KEYS = {
  top: ['current_context', 'contexts', 'fleets'],
  context: ['read_only', 'author', 'max_silence', 'prometheus', 'alertmanager', 'pagerduty', 'poll', 'ack', 'response_targets', 'slos', 'runbooks'],
  prometheus: ['url', 'kind', 'tenant', 'partial_response', 'rules_url', ...TRANSPORT_KEYS],
  alertmanager: ['urls', 'url', 'kind', 'tenant', ...TRANSPORT_KEYS],
  basic_auth: ['username', 'password', 'password_env', 'password_file', 'password_command'],
  pagerduty: [
    'url', 'timeout', 'token', 'token_env', 'token_file', 'token_command', 'token_type', 'from', 'user_id',
    'headers', 'ca_file', 'cert_file', 'key_file', 'insecure',
  ],
  poll: ['alertmanager', 'pagerduty', 'prometheus'],
  ack: ['silence'],
  response_targets: ['critical', 'warning'],
  target: ['ack', 'resolve'],
} as const;

/** Edit distance, for "did you mean". Keys are short, so the quadratic table is fine. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

export function didYouMean(word: string, choices: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of choices) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) [best, bestDist] = [c, d];
  }
  return best !== undefined && bestDist <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown, where: string, keys: readonly string[], inWhat: string): Record<string, unknown> {
  if (!isObject(v)) fail(`${where} must be a mapping of keys to values`);
  for (const key of Object.keys(v)) {
    if (keys.includes(key)) continue;
    const guess = didYouMean(key, keys);
    fail(`unknown key \`${key}\` ${inWhat}${guess ? ` (did you mean ${guess}?)` : ''}`);
  }
  return v;
}

function str(v: unknown, where: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') fail(`${where} must be a non-empty string`);
  return v;
}

function bool(v: unknown, where: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') fail(`${where} must be true or false`);
  return v;
}

function oneOf(v: unknown, choices: readonly string[], where: string): void {
  if (v !== undefined && !choices.includes(v as string)) fail(`${where} must be one of ${choices.join(', ')}`);
}

/** A full http(s) URL; `where` names where it came from (a config key, an env var, a flag). */
export function checkUrl(value: unknown, where: string): string {
  const text = str(value, where) ?? fail(`${where} is missing`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`${where}: "${text}" is not a URL (use a full URL such as http://localhost:9090)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`${where}: URL must start with http:// or https:// (got ${url.protocol})`);
  return text;
}

/** Milliseconds of a config duration such as "15s"; errors name the key. */
export function configDuration(value: string, where: string, min = 1): number {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (err) {
    return fail(`${where}: ${(err as Error).message} (use e.g. 10s, 1m, 1m30s)`);
  }
  if (ms < min) fail(`${where}: ${value} is too short (at least ${min} ms)`);
  return ms;
}

function duration(v: unknown, where: string, min?: number): string | undefined {
  const s = str(v, where);
  if (s !== undefined) configDuration(s, where, min);
  return s;
}

function headers(v: unknown, where: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v) || Object.values(v).some((h) => typeof h !== 'string')) fail(`${where} must map header names to strings`);
  return v as Record<string, string>;
}

/** At most one way to give a secret; an inline one is allowed but warned about. */
function secret(o: Record<string, unknown>, key: string, where: string, warnings: string[]): void {
  const forms = [key, `${key}_env`, `${key}_file`, `${key}_command`].filter((k) => o[k] !== undefined);
  for (const k of forms) str(o[k], `${where}.${k}`);
  if (forms.length > 1) fail(`${where}: give only one of ${forms.join(', ')}`);
  if (forms[0] === key) warnings.push(`${where}.${key} is written inline in the config file; prefer ${key}_env, ${key}_file or ${key}_command`);
}

function transport(o: Record<string, unknown>, where: string, warnings: string[]): void {
  duration(o.timeout, `${where}.timeout`);
  secret(o, 'bearer_token', where, warnings);
  headers(o.headers, `${where}.headers`);
  for (const k of ['ca_file', 'cert_file', 'key_file'] as const) str(o[k], `${where}.${k}`);
  bool(o.insecure, `${where}.insecure`);
  if (o.basic_auth !== undefined) {
    const ba = obj(o.basic_auth, `${where}.basic_auth`, KEYS.basic_auth, `in ${where}.basic_auth`);
    str(ba.username, `${where}.basic_auth.username`) ?? fail(`${where}.basic_auth.username is missing`);
    secret(ba, 'password', `${where}.basic_auth`, warnings);
  }
}

/**
 * Mimir's org ids, `t1|t2` for several: each one letters, digits and ! - _ . * ' ( ), at most 150, not
 * `.` or `..` (Mimir's own rule). Anything else Mimir refuses at every request, or it is no header at all.
 */
function mimirTenants(value: string, where: string): string[] {
  const ids = value.split('|').map((t) => t.trim());
  for (const id of ids) {
    if (!/^[A-Za-z0-9!._*'()-]{1,150}$/.test(id) || id === '.' || id === '..') {
      fail(`${where}: "${id}" is no Mimir tenant (letters, digits and ! - _ . * ' ( ), up to 150; several as t1|t2)`);
    }
  }
  return ids;
}

function validateContextInto(name: string, raw: unknown, warnings: string[]): ContextConfig {
  const where = `context ${name}`;
  const c = obj(raw, where, KEYS.context, `in ${where}`);
  bool(c.read_only, `${where}: read_only`);
  str(c.author, `${where}: author`);
  duration(c.max_silence, `${where}: max_silence`, 60_000);
  if (c.prometheus !== undefined) {
    const p = obj(c.prometheus, `${where}: prometheus`, KEYS.prometheus, `in ${where}.prometheus`);
    checkUrl(p.url, `${where}: prometheus.url`);
    oneOf(p.kind, ENGINE_KINDS, `${where}: prometheus.kind`);
    str(p.tenant, `${where}: prometheus.tenant`);
    bool(p.partial_response, `${where}: prometheus.partial_response`);
    if (p.rules_url !== undefined) checkUrl(p.rules_url, `${where}: prometheus.rules_url`);
    if (p.tenant !== undefined && p.kind !== 'mimir' && p.kind !== 'victoriametrics') {
      fail(`${where}: prometheus.tenant needs kind: mimir or victoriametrics`);
    }
    if (p.kind === 'victoriametrics' && typeof p.tenant === 'string' && p.tenant.includes('|')) {
      fail(`${where}: prometheus.tenant: VictoriaMetrics takes one accountID`);
    }
    if (p.kind === 'victoriametrics' && typeof p.tenant === 'string' && !/^\d+(:\d+)?$/.test(p.tenant)) {
      fail(`${where}: prometheus.tenant: VictoriaMetrics' accountID is a number, or accountID:projectID (got "${p.tenant}")`);
    }
    if (p.kind === 'mimir' && typeof p.tenant === 'string') mimirTenants(p.tenant, `${where}: prometheus.tenant`);
    if (p.partial_response !== undefined && p.kind !== undefined && p.kind !== 'thanos') warnings.push(`${where}: prometheus.partial_response is for kind: thanos; it is not sent`);
    transport(p, `${where}: prometheus`, warnings);
  }
  if (c.alertmanager !== undefined) {
    const a = obj(c.alertmanager, `${where}: alertmanager`, KEYS.alertmanager, `in ${where}.alertmanager`);
    // A single `url` is accepted for the common one-peer case and stored as `urls`.
    if (a.url !== undefined && a.urls !== undefined) fail(`${where}: alertmanager: give url or urls, not both`);
    if (a.url !== undefined) {
      a.urls = [a.url];
      delete a.url;
    }
    if (!Array.isArray(a.urls) || a.urls.length === 0) fail(`${where}: alertmanager.urls must list at least one URL`);
    a.urls.forEach((u: unknown, i: number) => checkUrl(u, `${where}: alertmanager.urls[${i}]`));
    oneOf(a.kind, ['alertmanager', 'mimir'], `${where}: alertmanager.kind`);
    str(a.tenant, `${where}: alertmanager.tenant`);
    if (a.tenant !== undefined && a.kind !== 'mimir') fail(`${where}: alertmanager.tenant needs kind: mimir`);
    if (typeof a.tenant === 'string' && mimirTenants(a.tenant, `${where}: alertmanager.tenant`).length > 1) {
      fail(`${where}: alertmanager.tenant: Mimir's Alertmanager takes one tenant (got "${a.tenant}")`);
    }
    transport(a, `${where}: alertmanager`, warnings);
  }
  if (c.pagerduty !== undefined) {
    const pd = obj(c.pagerduty, `${where}: pagerduty`, KEYS.pagerduty, `in ${where}.pagerduty`);
    if (pd.url !== undefined) checkUrl(pd.url, `${where}: pagerduty.url`);
    duration(pd.timeout, `${where}: pagerduty.timeout`);
    secret(pd, 'token', `${where}: pagerduty`, warnings);
    if (pd.token_type !== undefined && pd.token_type !== 'token' && pd.token_type !== 'bearer') {
      fail(`${where}: pagerduty.token_type must be token or bearer`);
    }
    const from = str(pd.from, `${where}: pagerduty.from`);
    if (from !== undefined && !from.includes('@')) fail(`${where}: pagerduty.from must be the email of a PagerDuty user`);
    str(pd.user_id, `${where}: pagerduty.user_id`);
    headers(pd.headers, `${where}: pagerduty.headers`);
    for (const k of ['ca_file', 'cert_file', 'key_file'] as const) str(pd[k], `${where}: pagerduty.${k}`);
    bool(pd.insecure, `${where}: pagerduty.insecure`);
  }
  if (c.poll !== undefined) {
    const p = obj(c.poll, `${where}: poll`, KEYS.poll, `in ${where}.poll`);
    for (const k of KEYS.poll) duration(p[k], `${where}: poll.${k}`, MIN_POLL_MS);
  }
  if (c.ack !== undefined) {
    const a = obj(c.ack, `${where}: ack`, KEYS.ack, `in ${where}.ack`);
    if (a.silence !== undefined && a.silence !== false) duration(a.silence, `${where}: ack.silence`);
  }
  if (c.response_targets !== undefined) {
    const rt = obj(c.response_targets, `${where}: response_targets`, KEYS.response_targets, `in ${where}.response_targets`);
    for (const sev of KEYS.response_targets) {
      if (rt[sev] === undefined) continue;
      const t = obj(rt[sev], `${where}: response_targets.${sev}`, KEYS.target, `in ${where}.response_targets.${sev}`);
      for (const k of KEYS.target) duration(t[k], `${where}: response_targets.${sev}.${k}`);
    }
  }
  if (c.slos !== undefined && !Array.isArray(c.slos)) fail(`${where}: slos must be a list`);
  if (c.runbooks !== undefined) {
    if (!Array.isArray(c.runbooks)) fail(`${where}: runbooks must be a list of directories`);
    c.runbooks.forEach((r: unknown, i: number) => str(r, `${where}: runbooks[${i}]`));
  }
  return c as ContextConfig;
}

/** Checks one context (also used after env and flags were laid over it). */
export function validateContext(name: string, raw: unknown): { context: ContextConfig; warnings: string[] } {
  const warnings: string[] = [];
  const context = validateContextInto(name, structuredClone(raw), warnings);
  return { context, warnings };
}

/** Checks the whole file. Returns a copy; the input is not modified. */
export function validateConfig(raw: unknown): ValidatedConfig {
  const warnings: string[] = [];
  const top = obj(structuredClone(raw ?? {}), 'the config file', KEYS.top, 'at the top level');
  str(top.current_context, 'current_context');
  if (top.contexts !== undefined) {
    const contexts = obj(top.contexts, 'contexts', Object.keys(isObject(top.contexts) ? top.contexts : {}), '');
    for (const [name, ctx] of Object.entries(contexts)) {
      // `--context a,b` names several: a comma inside one name would be ambiguous.
      if (name.includes(',')) fail(`context name "${name}" holds a comma; rename it (commas separate contexts in --context a,b)`);
      contexts[name] = validateContextInto(name, ctx, warnings);
    }
  }
  if (top.fleets !== undefined) {
    const fleets = obj(top.fleets, 'fleets', Object.keys(isObject(top.fleets) ? top.fleets : {}), '');
    const known = Object.keys(isObject(top.contexts) ? top.contexts : {});
    for (const [name, members] of Object.entries(fleets)) {
      if (!Array.isArray(members) || members.length === 0) fail(`fleets.${name} must list at least one context`);
      for (const m of members) {
        if (typeof m !== 'string' || !known.includes(m)) {
          const guess = typeof m === 'string' ? didYouMean(m, known) : undefined;
          fail(`fleets.${name}: unknown context ${JSON.stringify(m)}${guess ? ` (did you mean ${guess}?)` : ''}`);
        }
      }
    }
  }
  return { config: top as ConfigFile, warnings };
}
