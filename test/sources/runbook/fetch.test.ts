import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRunbook } from '../../../src/sources/runbook/fetch.js';
import { startRunbookServer, type RunbookServer } from './server.js';

let srv: RunbookServer;
beforeAll(async () => {
  srv = await startRunbookServer();
});
afterAll(async () => {
  await srv?.close();
});

describe('fetchRunbook against a local HTTP server', () => {
  it('parses Markdown served as text/plain (what raw.githubusercontent.com sends)', async () => {
    const { attempt, runbook } = await fetchRunbook(`${srv.url}/HighErrorRate.md`);
    expect(attempt).toMatchObject({ kind: 'annotation', outcome: 'ok', location: `${srv.url}/HighErrorRate.md` });
    expect(runbook?.title).toBe('HighErrorRate');
    expect(runbook?.sections[1]!.steps).toHaveLength(3);
  });

  it('parses text/markdown, and plain text as text', async () => {
    expect((await fetchRunbook(`${srv.url}/markdown`)).runbook?.title).toBe('From text/markdown');
    const text = await fetchRunbook(`${srv.url}/disk-full`);
    expect(text.runbook?.format).toBe('text');
  });

  it('asks for the raw file when given a GitLab blob page', async () => {
    const { attempt, runbook } = await fetchRunbook(`${srv.url}/acme/runbooks/-/blob/main/KubePodCrashLooping.md`);
    expect(attempt.outcome).toBe('ok');
    expect(attempt.message).toContain('/-/raw/main/KubePodCrashLooping.md');
    expect(runbook?.title).toBe('Pod crash looping');
    expect(srv.requests.at(-1)!.path).toBe('/acme/runbooks/-/raw/main/KubePodCrashLooping.md');
  });

  it('shows HTML, a login wall and other types as a link only', async () => {
    expect((await fetchRunbook(`${srv.url}/wiki/HighErrorRate`)).attempt).toMatchObject({ outcome: 'link_only', message: expect.stringContaining('HTML') });
    expect((await fetchRunbook(`${srv.url}/sso`)).attempt).toMatchObject({ outcome: 'link_only', message: expect.stringContaining('403') });
    expect((await fetchRunbook(`${srv.url}/report.pdf`)).attempt).toMatchObject({ outcome: 'link_only', message: expect.stringContaining('application/pdf') });
  });

  it('reports a 404 as not found and a 503 as failed', async () => {
    expect((await fetchRunbook(`${srv.url}/NoSuchAlert.md`)).attempt).toMatchObject({ outcome: 'not_found', message: expect.stringContaining('404') });
    expect((await fetchRunbook(`${srv.url}/broken`)).attempt).toMatchObject({ outcome: 'failed', message: expect.stringContaining('503') });
  });

  it('gives up on a server that never answers within the timeout, without holding up other fetches', async () => {
    const started = Date.now();
    const slow = fetchRunbook(`${srv.url}/slow.md`, { timeoutMs: 600 }).then((r) => ({ r, ms: Date.now() - started }));
    const fast = await fetchRunbook(`${srv.url}/markdown`, { timeoutMs: 600 });
    const fastMs = Date.now() - started;
    expect(fast.attempt.outcome).toBe('ok');
    const { r, ms } = await slow;
    expect(fastMs).toBeLessThan(500); // the fast one finished while the slow one was still waiting
    expect(r.attempt).toMatchObject({ outcome: 'failed', message: 'no answer within 0.6s' });
    expect(ms).toBeGreaterThanOrEqual(550);
    expect(ms).toBeLessThan(2_000);
  });

  it('reports a refused connection as failed', async () => {
    const { attempt } = await fetchRunbook('http://127.0.0.1:1/x.md', { timeoutMs: 1000 });
    expect(attempt).toMatchObject({ outcome: 'failed', message: expect.stringContaining('refused') });
  });

  it('sends a source transport\'s credentials only to that source\'s own origin', async () => {
    const transports = [{ name: 'alertmanager', baseURL: `${srv.url}/am`, bearerToken: 's3cret-token' }];
    await fetchRunbook(`${srv.url}/markdown`, { transports });
    expect(srv.requests.at(-1)).toEqual({ path: '/markdown', auth: true });
    const other = [{ name: 'alertmanager', baseURL: 'http://127.0.0.2:9093', bearerToken: 's3cret-token' }];
    await fetchRunbook(`${srv.url}/markdown`, { transports: other });
    expect(srv.requests.at(-1)).toEqual({ path: '/markdown', auth: false });
  });

  it('keeps credentials in the URL out of what it reports', async () => {
    const { attempt } = await fetchRunbook(`http://user:pa55word@127.0.0.1:1/x.md?token=abc`, { timeoutMs: 1000 });
    expect(JSON.stringify(attempt)).not.toMatch(/pa55word|token=abc/);
  });

  it('strips terminal escape sequences that a page carries', async () => {
    const { runbook } = await fetchRunbook(`${srv.url}/evil.md`);
    expect(JSON.stringify(runbook)).not.toContain('\\u001b');
  });
});
