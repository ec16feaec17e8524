import { mkdtemp, rm, stat, writeFile, readFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearSecretCache } from '../../src/cli/config/secrets.js';
import { openConfigStore } from '../../src/cli/config/store.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertmanagerFor, pagerdutyFor, prometheusFor } from '../../src/cli/clients.js';
import { loadContext } from '../../src/cli/context.js';
import { reportError } from '../../src/cli/errors.js';
import { demoSeed, startFakePagerDuty } from '../helpers/pagerduty-fake.js';
import { rejection } from '../helpers/errors.js';
import { captureIo } from './helpers/io.js';
import type { ConfigFile } from '../../src/domain/config.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-ctx-'));
  clearSecretCache();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeConfig(config: ConfigFile): Promise<void> {
  await openConfigStore(dir).write(config);
}

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ONCALL_CONFIG_DIR: dir, USER: 'tester', PATH: process.env.PATH, ...extra });

const prodAndStaging: ConfigFile = {
  current_context: 'prod',
  contexts: {
    prod: {
      author: 'alice',
      prometheus: { url: 'http://127.0.0.1:9090', timeout: '5s', headers: { 'X-Scope-OrgID': 't1' } },
      alertmanager: { urls: ['http://127.0.0.1:9093', 'http://127.0.0.1:9094'] },
      pagerduty: { token_env: 'PD_TOKEN', from: 'alice@example.com', user_id: 'PXXXX' },
      poll: { alertmanager: '20s' },
      runbooks: ['~/runbooks'],
    },
    staging: { read_only: true, prometheus: { url: 'http://127.0.0.1:19090' } },
  },
};

describe('loadContext precedence', () => {
  it('uses the current context of the file', async () => {
    await writeConfig(prodAndStaging);
    const ctx = await loadContext({}, env({ HOME: '/home/t' }));
    expect(ctx.name).toBe('prod');
    expect(ctx.author).toBe('alice');
    expect(ctx.prometheus).toMatchObject({ baseURL: 'http://127.0.0.1:9090', timeoutMs: 5000, headers: { 'X-Scope-OrgID': 't1' } });
    expect(ctx.alertmanagers.map((a) => [a.name, a.baseURL])).toEqual([
      ['alertmanager[1]', 'http://127.0.0.1:9093'],
      ['alertmanager[2]', 'http://127.0.0.1:9094'],
    ]);
    expect(ctx.pagerduty).toMatchObject({ tokenType: 'token', from: 'alice@example.com', userId: 'PXXXX' });
    expect(ctx.pagerduty?.transport.baseURL).toBe('https://api.pagerduty.com');
    expect(ctx.poll).toEqual({ alertmanagerMs: 20_000, pagerdutyMs: 30_000, prometheusMs: 30_000 });
    expect(ctx.runbooks).toEqual(['/home/t/runbooks']);
    expect(ctx.auditPath).toBe(join(dir, 'audit.jsonl'));
    expect(ctx.readOnly).toBe(false);
  });

  it('lets the environment beat the file and flags beat the environment', async () => {
    await writeConfig(prodAndStaging);
    const e = env({ PROMETHEUS_URL: 'http://127.0.0.1:1001', ALERTMANAGER_URL: 'http://127.0.0.1:2001, http://127.0.0.1:2002' });
    const fromEnv = await loadContext({}, e);
    expect(fromEnv.prometheus?.baseURL).toBe('http://127.0.0.1:1001');
    expect(fromEnv.prometheus?.headers).toEqual({ 'X-Scope-OrgID': 't1' }); // the rest of the file's section stays
    expect(fromEnv.alertmanagers.map((a) => a.baseURL)).toEqual(['http://127.0.0.1:2001', 'http://127.0.0.1:2002']);

    const fromFlags = await loadContext({ prometheusUrl: 'http://127.0.0.1:1002', alertmanagerUrl: ['http://127.0.0.1:3001'] }, e);
    expect(fromFlags.prometheus?.baseURL).toBe('http://127.0.0.1:1002');
    expect(fromFlags.alertmanagers.map((a) => [a.name, a.baseURL])).toEqual([['alertmanager', 'http://127.0.0.1:3001']]);
  });

  it('picks the context from ONCALL_CONTEXT, then --context', async () => {
    await writeConfig(prodAndStaging);
    expect((await loadContext({}, env({ ONCALL_CONTEXT: 'staging' }))).name).toBe('staging');
    expect((await loadContext({ context: 'prod' }, env({ ONCALL_CONTEXT: 'staging' }))).name).toBe('prod');
  });

  it('explains why a context is read-only', async () => {
    await writeConfig(prodAndStaging);
    const staging = await loadContext({ context: 'staging' }, env());
    expect(staging).toMatchObject({ readOnly: true, readOnlyReason: 'read_only: true in config' });
    const flagged = await loadContext({ readonly: true }, env());
    expect(flagged).toMatchObject({ readOnly: true, readOnlyReason: '--readonly' });
  });

  it('works from env alone with no config file, as context "default"', async () => {
    const ctx = await loadContext({}, env({ PROMETHEUS_URL: 'http://127.0.0.1:9090', PAGERDUTY_API_TOKEN: 'tok-123', PAGERDUTY_FROM: 'bob@example.com' }));
    expect(ctx.name).toBe('default');
    expect(ctx.author).toBe('tester');
    expect(ctx.prometheus?.baseURL).toBe('http://127.0.0.1:9090');
    expect(ctx.alertmanagers).toEqual([]);
    expect(ctx.pagerduty?.token.source).toBe('env PAGERDUTY_API_TOKEN');
    expect(await ctx.pagerduty?.token.get()).toBe('tok-123');
    expect(ctx.pagerduty?.from).toBe('bob@example.com');
  });

  it('PAGERDUTY_API_TOKEN beats the token command in the file', async () => {
    await writeConfig({ contexts: { prod: { pagerduty: { token_command: 'exit 3' } } } });
    const ctx = await loadContext({}, env({ PAGERDUTY_API_TOKEN: 'from-env' }));
    expect(await ctx.pagerduty?.token.get()).toBe('from-env');
  });

  it('leaves out sources the command does not need', async () => {
    await writeConfig(prodAndStaging);
    const ctx = await loadContext({}, env(), { need: ['alertmanager'] });
    expect(ctx.prometheus).toBeUndefined();
    expect(ctx.pagerduty).toBeUndefined();
    expect(ctx.alertmanagers).toHaveLength(2);
  });
});

describe('loadContext errors', () => {
  it('names the known contexts when the one asked for does not exist', async () => {
    await writeConfig(prodAndStaging);
    const err = await loadContext({ context: 'stagin' }, env()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'config' });
    expect((err as Error).message).toContain('prod, staging');
    expect((err as Error).message).toContain('did you mean staging');
    expect((err as { hint?: string }).hint).toBeTruthy();
  });

  it('rejects a bad URL from a flag and says where it came from', async () => {
    await expect(loadContext({ prometheusUrl: 'localhost:9090' }, env())).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('--prometheus-url') });
    await expect(loadContext({}, env({ ALERTMANAGER_URL: 'not a url' }))).rejects.toMatchObject({ message: expect.stringContaining('ALERTMANAGER_URL') });
  });

  it('reports an unknown key in the file with a suggestion and the file path', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ contexts: { prod: { alertmanger: { urls: [] } } } }));
    const err = await loadContext({}, env()).catch((e: unknown) => e);
    expect((err as Error).message).toContain('unknown key `alertmanger` in context prod (did you mean alertmanager?)');
    expect((err as Error).message).toContain(join(dir, 'config.json'));
    expect((err as { hint?: string }).hint).toContain('oncall config init');
  });

  it('reports a file that is not JSON', async () => {
    await writeFile(join(dir, 'config.json'), '{ nope');
    await expect(loadContext({}, env())).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('not valid JSON') });
  });

  it('asks for a choice when several contexts exist and none is current', async () => {
    await writeConfig({ contexts: { a: {}, b: {} } });
    await expect(loadContext({}, env())).rejects.toMatchObject({ message: expect.stringContaining('no current context') });
  });
});

describe('secrets', () => {
  it('reads a Prometheus password from a file without its trailing newline', async () => {
    const pw = join(dir, 'pw');
    await writeFile(pw, 's3cret\n');
    await writeConfig({ contexts: { p: { prometheus: { url: 'http://127.0.0.1:1', basic_auth: { username: 'u', password_file: pw } } } } });
    expect((await loadContext({}, env())).prometheus?.basicAuth).toEqual({ username: 'u', password: 's3cret' });
  });

  it('reads a bearer token from a command, once per process', async () => {
    const counter = join(dir, 'count');
    await writeConfig({
      contexts: { p: { alertmanager: { urls: ['http://127.0.0.1:1'], bearer_token_command: `echo x >> ${counter}; printf ' tok-9 \\n'` } } },
    });
    expect((await loadContext({}, env())).alertmanagers[0]?.bearerToken).toBe('tok-9');
    expect((await loadContext({}, env())).alertmanagers[0]?.bearerToken).toBe('tok-9');
    expect((await readFile(counter, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('does not run the PagerDuty token command until the token is needed', async () => {
    const marker = join(dir, 'ran');
    await writeConfig({ contexts: { p: { pagerduty: { token_command: `touch ${marker}; echo pd-tok` } } } });
    const ctx = await loadContext({}, env());
    await expect(stat(marker)).rejects.toThrow();
    expect(ctx.pagerduty?.token.source).toContain('command');
    expect(await ctx.pagerduty?.token.get()).toBe('pd-tok');
    await stat(marker);
  });

  it('names a failing command but never prints its output', async () => {
    await writeConfig({ contexts: { p: { pagerduty: { token_command: 'echo leaked-secret-value; exit 4' } } } });
    const ctx = await loadContext({}, env());
    const err = (await ctx.pagerduty!.token.get().catch((e: unknown) => e)) as Error & { kind: string };
    expect(err.kind).toBe('config');
    expect(err.message).toContain('exit 4');
    // The program only: a command line can hold a secret of its own (`--password=…`).
    expect(err.message).toContain('token command `echo [arguments hidden]`');
    expect(err.message).not.toContain('leaked-secret-value');
  });

  it('keeps the secret out of the error when a command prints to stderr and fails', async () => {
    await writeConfig({ contexts: { p: { pagerduty: { token_command: 'printf hunter2 >&2; printf hunter2; exit 1' } } } });
    const ctx = await loadContext({}, env());
    const err = (await ctx.pagerduty!.token.get().catch((e: unknown) => e)) as Error & { hint?: string };
    expect(`${err.message} ${err.hint}`.replace(/printf hunter2/g, '')).not.toContain('hunter2');
  });

  it('says which env var is missing', async () => {
    await writeConfig({ contexts: { p: { pagerduty: { token_env: 'PD_TOKEN_UNSET' } } } });
    const ctx = await loadContext({}, env());
    await expect(ctx.pagerduty!.token.get()).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('PD_TOKEN_UNSET is not set') });
  });

  it('names a missing password or bearer token file in words that survive redaction', async () => {
    const pw = join(dir, 'no-such-password');
    await writeConfig({ contexts: { p: { prometheus: { url: 'http://127.0.0.1:1', basic_auth: { username: 'u', password_file: pw } } } } });
    const io = captureIo(env());
    reportError(await loadContext({}, env()).catch((e: unknown) => e), io);
    expect(io.err()).toContain(`error: cannot read prometheus basic auth password file ${pw} (ENOENT)`);

    const token = join(dir, 'no-such-token');
    await writeConfig({ contexts: { p: { alertmanager: { urls: ['http://127.0.0.1:1'], bearer_token_file: token } } } });
    const io2 = captureIo(env());
    reportError(await loadContext({}, env()).catch((e: unknown) => e), io2);
    expect(io2.err()).toContain(`error: cannot read alertmanager bearer token file ${token} (ENOENT)`);
  });

  it('a rejected PagerDuty token (401) names where that token came from, never its value', async () => {
    const pd = await startFakePagerDuty(demoSeed());
    try {
      const file = join(dir, 'pd-token');
      await writeFile(file, 'wrong-token-4411\n');
      await writeConfig({ contexts: { p: { pagerduty: { url: pd.url, token_file: file } } } });
      const fromFile = await rejection(pagerdutyFor(await loadContext({}, env())).then((c) => c.incidents()));
      expect(fromFile.kind).toBe('auth');
      expect(fromFile.hint).toBe(`check the PagerDuty token (file ${file})`);

      clearSecretCache();
      await writeConfig({ contexts: { p: { pagerduty: { url: pd.url, token_env: 'MY_PD_KEY' } } } });
      const fromEnv = await rejection(pagerdutyFor(await loadContext({}, env({ MY_PD_KEY: 'wrong-token-4411' }))).then((c) => c.incidents()));
      expect(fromEnv.hint).toBe('check the PagerDuty token (env MY_PD_KEY)');

      await writeConfig({ contexts: { p: { pagerduty: { url: pd.url, token_command: 'printf wrong-token-4411' } } } });
      const fromCommand = await rejection(pagerdutyFor(await loadContext({}, env())).then((c) => c.incidents()));
      expect(fromCommand.hint).toBe('check the PagerDuty token (command printf [arguments hidden])');
      for (const err of [fromFile, fromEnv, fromCommand]) expect(`${err.message} ${err.hint}`).not.toContain('wrong-token-4411');
    } finally {
      await pd.close();
    }
  });

  it('a 401 from Alertmanager or Prometheus names where the credentials came from, never their value', async () => {
    const server = createServer((_req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end('"Unauthorized"'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const pw = join(dir, 'prom-password');
      await writeFile(pw, 'wrong-pw-8812\n', { mode: 0o600 });
      await writeConfig({
        contexts: { p: { prometheus: { url, basic_auth: { username: 'ops', password_file: pw } }, alertmanager: { urls: [url], bearer_token_env: 'AM_TOKEN' } } },
      });
      const ctx = await loadContext({}, env({ AM_TOKEN: 'wrong-token-8812' }));
      const am = await rejection(alertmanagerFor(ctx).alerts());
      expect(am.kind).toBe('auth');
      expect(am.hint).toBe('check the bearer token (env AM_TOKEN)');
      const prom = await rejection(prometheusFor(ctx).buildInfo());
      expect(prom.kind).toBe('auth');
      expect(prom.hint).toBe(`check the basic auth password of ops (file ${pw})`);
      for (const err of [am, prom]) expect(`${err.message} ${err.hint}`).not.toMatch(/wrong-(pw|token)-8812/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('reports a missing secret file without its content', async () => {
    await writeConfig({ contexts: { p: { prometheus: { url: 'http://127.0.0.1:1', bearer_token_file: join(dir, 'nope') } } } });
    await expect(loadContext({}, env())).rejects.toMatchObject({ message: expect.stringContaining('ENOENT') });
  });

  it('writes the config file with mode 0600 and fixes a wider one', async () => {
    await writeConfig(prodAndStaging);
    const path = join(dir, 'config.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await chmod(path, 0o644);
    await writeConfig({ ...prodAndStaging, current_context: 'staging' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
