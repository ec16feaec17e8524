import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Incident } from '../../domain/types.js';
import { me, listOnCalls, listServices, listUsers } from './directory.js';
import { enqueueEvent } from './events.js';
import { rawIncidents } from './analytics.js';
import { listLogEntries } from './log.js';
import { getEscalationPolicy } from './policies.js';
import { mergeIncidents, snoozeIncident, wakeSnoozed } from './changes.js';
import { createOverrides, getSchedule, listSchedules } from './schedules.js';
import { paginate, notFound, parseQuery, pdError, readBody, send, invalid, type Reply } from './http.js';
import { addNote, getIncident, listIncidents, listNotes, updateIncident, updateIncidents } from './incidents.js';
import { addIncidentTo, buildState, findUser, toDomainIncident } from './state.js';
import { priorityWire } from './wire.js';
import type { FakePdOptions, FakeState, FakeToken, FakeUser, IncidentSeed, RecordedRequest } from './types.js';

export const PD_ACCEPT = 'application/vnd.pagerduty+json;version=2';

export interface FakePagerDuty {
  url: string;
  /** Every request received, in order, including refused ones. */
  requests: RecordedRequest[];
  state: FakeState;
  close(): Promise<void>;
  addIncident(seed: IncidentSeed): Incident;
  /** Adds `count` incidents cheaply (for paging and 10,000-limit tests); `make(n)` shapes the n-th. */
  addIncidents(count: number, make?: (n: number) => IncidentSeed): void;
  /** The next `n` requests answer 429 with `ratelimit-reset: resetSeconds`. */
  rateLimitNext(n: number, resetSeconds: number): void;
}

function tokenFrom(header: string | undefined): string | undefined {
  const m = /^(?:Token token=|Bearer )(\S+)$/.exec(header ?? '');
  return m?.[1];
}

type Handler = (ctx: { query: Record<string, string[]>; body: unknown; actor: FakeUser; token: FakeToken }) => Reply;

export async function startFakePagerDuty(opts: FakePdOptions, port = 0): Promise<FakePagerDuty> {
  const clock = opts.now ?? (() => new Date());
  const state = buildState(opts, clock());
  const requests: RecordedRequest[] = [];
  let limited = { remaining: 0, reset: 0 };
  const routingKeys = new Map<string, string>();
  (opts.services ?? []).forEach((s, n) => {
    if (s.integrationKey) routingKeys.set(s.integrationKey, state.services[n]?.id ?? s.name);
  });

  function route(method: string, path: string): { handler: Handler; write: boolean; noFrom?: boolean } | undefined {
    const now = clock();
    wakeSnoozed(state, now);
    const parts = path.split('/').filter(Boolean);
    const [a, id, sub] = parts;
    if (a === 'incidents' && parts.length === 1) {
      if (method === 'GET') return { write: false, handler: (c) => listIncidents(state, c.query, now) };
      if (method === 'PUT') return { write: true, handler: (c) => updateIncidents(state, c.body, c.actor, now) };
    }
    if (a === 'incidents' && id && parts.length === 2) {
      if (method === 'GET') return { write: false, handler: () => getIncident(state, id) };
      if (method === 'PUT') return { write: true, handler: (c) => updateIncident(state, id, c.body, c.actor, now) };
    }
    if (a === 'incidents' && id && sub === 'notes' && parts.length === 3) {
      if (method === 'GET') return { write: false, handler: () => listNotes(state, id) };
      if (method === 'POST') return { write: true, handler: (c) => addNote(state, id, c.body, c.actor, now) };
    }
    if (a === 'incidents' && id && sub === 'snooze' && parts.length === 3 && method === 'POST') {
      return { write: true, handler: (c) => snoozeIncident(state, id, c.body, c.actor, now) };
    }
    if (a === 'incidents' && id && sub === 'merge' && parts.length === 3 && method === 'PUT') {
      return { write: true, handler: (c) => mergeIncidents(state, id, c.body, c.actor, now) };
    }
    // PagerDuty's spec asks no From for overrides: the key's own user (or the account) makes them.
    if (a === 'schedules' && id && sub === 'overrides' && parts.length === 3 && method === 'POST') {
      return { write: true, noFrom: true, handler: (c) => createOverrides(state, id, c.body) };
    }
    if (a === 'incidents' && id && sub === 'log_entries' && parts.length === 3 && method === 'GET') {
      return { write: false, handler: (c) => listLogEntries(state, id, c.query) };
    }
    // A read that is a POST: it needs no From.
    if (path === '/analytics/raw/incidents' && method === 'POST') return { write: false, handler: (c) => rawIncidents(state, c.body, opts.analytics === true) };
    if (method !== 'GET') return undefined;
    if (a === 'escalation_policies' && id && parts.length === 2) return { write: false, handler: () => getEscalationPolicy(state, id) };
    if (path === '/priorities') return { write: false, handler: (c) => paginate(state.priorities, c.query, 'priorities', (p) => priorityWire(p)) };
    if (path === '/schedules') return { write: false, handler: (c) => listSchedules(state, c.query) };
    if (a === 'schedules' && id && parts.length === 2) return { write: false, handler: (c) => getSchedule(state, id, c.query, now) };
    if (path === '/oncalls') return { write: false, handler: (c) => listOnCalls(state, c.query, now) };
    if (path === '/users/me') return { write: false, handler: (c) => me(state, c.token) };
    if (path === '/users') return { write: false, handler: (c) => listUsers(state, c.query) };
    if (path === '/services') return { write: false, handler: (c) => listServices(state, c.query) };
    return undefined;
  }

  async function handle(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const text = await readBody(req);
    let body: unknown;
    let badJson = false;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      badJson = true;
    }
    const query = parseQuery(url.searchParams);
    requests.push({ method, path: url.pathname, query, rawQuery: url.search.replace(/^\?/, ''), headers: { ...req.headers }, body: badJson ? text : body });

    // Events API v2 lives on its own host in PagerDuty; here it shares the port. It takes no token:
    // the routing key in the body names the integration.
    if (method === 'POST' && url.pathname === '/v2/enqueue') {
      if (badJson) return { status: 400, body: { status: 'Unrecognized object', message: 'Event object format is unrecognized', errors: ['JSON parse error'] } };
      return enqueueEvent(state, body, routingKeys, clock());
    }
    if (limited.remaining > 0) {
      limited.remaining--;
      const reset = String(limited.reset);
      return { ...pdError(429, 2020, 'Rate Limit Exceeded'), headers: { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': reset } };
    }
    const tokenKey = tokenFrom(req.headers.authorization);
    const token = tokenKey !== undefined ? opts.tokens[tokenKey] : undefined;
    if (!token) return pdError(401, 2006, 'Authentication Failed');
    if ((opts.requireVersionedAccept ?? true) && !(req.headers.accept ?? '').replace(/\s/g, '').includes(PD_ACCEPT)) {
      return pdError(406, 2001, 'Not Acceptable', [`send Accept: ${PD_ACCEPT}`]);
    }
    const found = route(method, url.pathname);
    if (!found) return notFound();
    // The acting user: the From header on writes; the token's own user otherwise.
    let actor = token.userId ? state.users.find((u) => u.id === token.userId) : undefined;
    if (found.write) {
      if (token.readOnly) return pdError(403, 2010, 'Access Denied', ['This API key is read-only.']);
      const from = req.headers.from;
      const fromUser = typeof from === 'string' && from.includes('@') ? findUser(state, from) : undefined;
      if (!fromUser && !found.noFrom) {
        return pdError(400, 2016, 'Requester User Not Found', ['A valid From header with the email of a user on this account is required.']);
      }
      actor = fromUser ?? actor;
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return invalid('Content-Type must be application/json.');
      if (badJson) return invalid('The request body is not valid JSON.');
    }
    const fallbackActor: FakeUser = { id: 'PSYSTEM', name: 'System', email: 'system@fake.pagerduty.local' };
    const handlerQuery = { ...query };
    if (opts.hideTotals) delete handlerQuery.total;
    return found.handler({ query: handlerQuery, body, actor: actor ?? fallbackActor, token });
  }

  const server = createServer((req, res) => {
    handle(req).then(
      (reply) => send(res, reply),
      (err: unknown) => send(res, pdError(500, 5000, `fake PagerDuty failed: ${(err as Error).message}`)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    addIncident: (seed) => toDomainIncident(state, addIncidentTo(state, seed, clock())),
    addIncidents: (count, make) => {
      const now = clock();
      for (let n = 0; n < count; n++) addIncidentTo(state, make ? make(n) : { title: `Incident ${n + 1}` }, now);
    },
    rateLimitNext: (n, resetSeconds) => {
      limited = { remaining: n, reset: resetSeconds };
    },
  };
}
