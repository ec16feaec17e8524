import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchExpr, queryBatch, splitBatch } from '../../../src/sources/prometheus/batch.js';
import { PrometheusClient } from '../../../src/sources/prometheus/client.js';
import { freePort } from '../../helpers/net.js';
import { rejection } from '../../helpers/errors.js';

const T = 1_700_000_000;

describe('batchExpr', () => {
  it('tags each query with its index and joins them with or', () => {
    expect(batchExpr(['sum(a)', 'b{x="1"}'])).toBe('label_replace(sum(a), "oncall_q", "0", "", "") or label_replace(b{x="1"}, "oncall_q", "1", "", "")');
  });

  it('ends a query that may hold a # comment with a newline, so the comment cannot swallow the tag', () => {
    expect(batchExpr(['a # why', 'b'])).toBe('label_replace(a # why\n, "oncall_q", "0", "", "") or label_replace(b, "oncall_q", "1", "", "")');
  });
});

describe('splitBatch', () => {
  it('gives each query its own samples in the order they came, without the tag', () => {
    const out = splitBatch({
      samples: [
        { metric: { code: '500', oncall_q: '2' }, value: 1, time: T },
        { metric: { oncall_q: '0' }, value: Number.NaN, time: T },
        { metric: { code: '200', oncall_q: '2' }, value: 3, time: T },
      ],
      warnings: ['w'],
    }, 3);
    expect(out).toEqual([
      { samples: [{ metric: {}, value: Number.NaN, time: T }], warnings: ['w'] },
      { samples: [], warnings: ['w'] },
      { samples: [{ metric: { code: '500' }, value: 1, time: T }, { metric: { code: '200' }, value: 3, time: T }], warnings: ['w'] },
    ]);
  });

  it('refuses an answer it cannot attribute: no tag, or a tag it did not send', () => {
    expect(splitBatch({ samples: [{ metric: {}, value: 1, time: T }], warnings: [] }, 2)).toBeNull();
    expect(splitBatch({ samples: [{ metric: { oncall_q: '2' }, value: 1, time: T }], warnings: [] }, 2)).toBeNull();
    expect(splitBatch({ samples: [{ metric: { oncall_q: 'x' }, value: 1, time: T }], warnings: [] }, 2)).toBeNull();
  });
});

describe('queryBatch over HTTP', () => {
  let server: Server;
  let base: string;
  let status = 400;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', errorType: status === 400 ? 'bad_data' : 'internal', error: 'no' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('answers null when Prometheus refuses the batch (4xx or 5xx), so each query can be sent alone', async () => {
    const client = new PrometheusClient({ baseURL: base, name: 'prometheus', env: {} });
    for (status of [400, 422, 503]) expect(await queryBatch(client, ['a', 'b'], new Date(T * 1000))).toBeNull();
  });

  it('rejects with a 429: sending each query alone would be more requests to a server that asked for fewer', async () => {
    const client = new PrometheusClient({ baseURL: base, name: 'prometheus', env: {} });
    status = 429;
    const err = await rejection(queryBatch(client, ['a', 'b'], new Date(T * 1000)));
    expect(err.kind).toBe('rate_limited');
    expect(err.toLine()).toBe((await rejection(client.query('a', new Date(T * 1000)))).toLine());
  });

  it('rejects with a transport failure: asking again per query would fail the same way', async () => {
    const client = new PrometheusClient({ baseURL: `http://127.0.0.1:${await freePort()}`, name: 'prometheus', env: {} });
    const err = await rejection(queryBatch(client, ['a', 'b'], new Date(T * 1000)));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/connection refused/);
  });
});
