import { OncallError } from './errors.js';
import { matcherMatches, parseMatcher } from './matchers.js';
import type { Labels, Matcher } from './types.js';

/**
 * Alertmanager's routing tree, as 0.25 builds it (dispatch/route.go): options inherit from the parent,
 * `match` / `match_re` / `matchers` become one sorted matcher list, and a route's key is its parent's
 * key, "/", then its matchers. The key matters because Alertmanager's PagerDuty receiver sends
 * sha256(<route key>:<group labels>) as the dedup key, which PagerDuty keeps as the incident key.
 */
export interface RouteNode {
  key: string;
  matchers: Matcher[];
  continue: boolean;
  receiver: string;
  groupBy: string[] | 'all';
  routes: RouteNode[];
}

export interface RoutingTree {
  root: RouteNode;
  /** Receivers with at least one `pagerduty_configs` entry. */
  pagerdutyReceivers: Set<string>;
}

type RawRoute = {
  receiver?: unknown;
  group_by?: unknown;
  continue?: unknown;
  match?: unknown;
  match_re?: unknown;
  matchers?: unknown;
  routes?: unknown;
};

function bad(what: string): never {
  throw new OncallError('bad_response', `the routing tree in Alertmanager's status cannot be read: ${what}`, {
    hint: 'check `amtool config show`; incidents are then not joined to alert groups',
  });
}

const stringMap = (raw: unknown, where: string): Record<string, string> => {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) bad(`${where} is not a map`);
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
};

/** Go compares strings byte by byte; so must we, for the sort orders that keys depend on. */
export const byteCompare = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

const TYPE_ORDER = (m: Matcher) => (m.isEqual ? 0 : 1) + (m.isRegex ? 2 : 0);
const OPERATOR = (m: Matcher) => (m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=');
const escapeValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** labels.Matchers.String(): sorted by name, value, type; `name<op>"value"` joined by ",". */
export function matchersKey(ms: Matcher[]): string {
  return `{${ms.map((m) => `${m.name}${OPERATOR(m)}"${escapeValue(m.value)}"`).join(',')}}`;
}

function sortMatchers(ms: Matcher[]): Matcher[] {
  return [...ms].sort((a, b) => byteCompare(a.name, b.name) || byteCompare(a.value, b.value) || TYPE_ORDER(a) - TYPE_ORDER(b));
}

function buildRoute(raw: RawRoute, parent: RouteNode | undefined, where: string): RouteNode {
  if (typeof raw !== 'object' || raw === null) bad(`${where} is not a map`);
  const matchers: Matcher[] = [];
  for (const [name, value] of Object.entries(stringMap(raw.match, `${where}.match`))) matchers.push({ name, value, isRegex: false, isEqual: true });
  // match_re values go through config.Regexp, whose String() is the anchored pattern.
  for (const [name, value] of Object.entries(stringMap(raw.match_re, `${where}.match_re`))) matchers.push({ name, value: `^(?:${value})$`, isRegex: true, isEqual: true });
  if (raw.matchers !== undefined && raw.matchers !== null) {
    if (!Array.isArray(raw.matchers)) bad(`${where}.matchers is not a list`);
    for (const text of raw.matchers) matchers.push(parseMatcher(String(text)));
  }
  const sorted = sortMatchers(matchers);
  let groupBy: RouteNode['groupBy'] = parent?.groupBy ?? [];
  if (Array.isArray(raw.group_by)) groupBy = raw.group_by.map(String).includes('...') ? 'all' : raw.group_by.map(String);
  const node: RouteNode = {
    key: `${parent ? `${parent.key}/` : ''}${matchersKey(sorted)}`,
    matchers: sorted,
    continue: raw.continue === true,
    receiver: typeof raw.receiver === 'string' && raw.receiver !== '' ? raw.receiver : (parent?.receiver ?? ''),
    groupBy,
    routes: [],
  };
  const children = raw.routes ?? [];
  if (!Array.isArray(children)) bad(`${where}.routes is not a list`);
  node.routes = children.map((c: RawRoute, n: number) => buildRoute(c, node, `${where}.routes[${n}]`));
  return node;
}

/** Builds the tree from Alertmanager's parsed configuration (the YAML in `config.original`). */
export function routingTreeFrom(config: unknown): RoutingTree {
  const c = config as { route?: RawRoute; receivers?: Array<{ name?: unknown; pagerduty_configs?: unknown }> } | null;
  if (!c || typeof c !== 'object' || !c.route) bad('it has no route');
  const pagerdutyReceivers = new Set<string>();
  for (const r of Array.isArray(c.receivers) ? c.receivers : []) {
    if (typeof r?.name === 'string' && Array.isArray(r.pagerduty_configs) && r.pagerduty_configs.length > 0) pagerdutyReceivers.add(r.name);
  }
  return { root: buildRoute(c.route, undefined, 'route'), pagerdutyReceivers };
}

/** Route.Match: depth first, left to right; a matching child stops its siblings unless it continues. */
export function matchRoutes(node: RouteNode, labels: Labels): RouteNode[] {
  if (!node.matchers.every((m) => matcherMatches(m, labels))) return [];
  const all: RouteNode[] = [];
  for (const child of node.routes) {
    const found = matchRoutes(child, labels);
    all.push(...found);
    if (found.length > 0 && !child.continue) break;
  }
  return all.length > 0 ? all : [node];
}

export function groupLabelsFor(route: RouteNode, labels: Labels): Labels {
  if (route.groupBy === 'all') return { ...labels };
  const out: Labels = {};
  for (const name of route.groupBy) if (labels[name] !== undefined) out[name] = labels[name]!;
  return out;
}

/** Go's %q for the printable strings label values are; control characters escaped as Go does. */
function goQuote(s: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
  const body = s.replace(/[\\"\x00-\x1f\x7f]/g, (c) => named[c] ?? (c === '\\' || c === '"' ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return `"${body}"`;
}

/** model.LabelSet.String(): `name="value"` strings sorted as strings, joined by ", ". */
export function labelSetKey(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${goQuote(v)}`);
  return `{${parts.sort(byteCompare).join(', ')}}`;
}

export const groupKey = (route: RouteNode, groupLabels: Labels): string => `${route.key}:${labelSetKey(groupLabels)}`;
