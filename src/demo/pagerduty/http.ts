import type { IncomingMessage, ServerResponse } from 'node:http';

/** A response the router decided on; the server writes it. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

/** PagerDuty's error envelope: {"error": {"code", "message", "errors": [...]}}. */
export function pdError(status: number, code: number, message: string, errors: string[] = []): Reply {
  return { status, body: { error: errors.length ? { message, code, errors } : { message, code } } };
}

export const notFound = (): Reply => pdError(404, 2100, 'Not Found');
export const invalid = (...errors: string[]): Reply => pdError(400, 2001, 'Invalid Input Provided', errors);

export function send(res: ServerResponse, reply: Reply): void {
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(reply.headers ?? {}),
  });
  res.end(text);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseQuery(params: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of params) (out[k] ??= []).push(v);
  return out;
}

/** Paging as PagerDuty does it: limit capped at 100, total only when asked, 2002 past 10,000. */
export function paginate<T>(
  items: T[],
  query: Record<string, string[]>,
  key: string,
  toWire: (item: T) => unknown,
  defaultLimit = 25,
): Reply {
  const limitRaw = Number(query.limit?.[0] ?? defaultLimit);
  const offset = Number(query.offset?.[0] ?? 0);
  if (!Number.isInteger(limitRaw) || limitRaw < 0 || !Number.isInteger(offset) || offset < 0) {
    return invalid('limit and offset must be non-negative integers');
  }
  const limit = Math.min(limitRaw || defaultLimit, 100);
  if (offset + limit > 10_000) {
    return pdError(400, 2002, 'Arguments Caused Error', ['Offset must be less than 10000.']);
  }
  const page = items.slice(offset, offset + limit).map(toWire);
  return ok({
    [key]: page,
    limit,
    offset,
    more: offset + limit < items.length,
    total: query.total?.[0] === 'true' ? items.length : null,
  });
}
