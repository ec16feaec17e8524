import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSecretCache } from '../../../src/cli/config/secrets.js';
import { configCommand } from '../../../src/cli/commands/config.js';
import { run } from '../../../src/cli/main.js';
import { freePort } from '../../helpers/net.js';
import { captureIo } from '../helpers/io.js';

let dir: string;
const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ONCALL_CONFIG_DIR: dir, USER: 'tester', PATH: process.env.PATH, ...extra });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-cfgcmd-'));
  clearSecretCache();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function oncall(argv: string[], e: NodeJS.ProcessEnv = env(), opts: { tty?: boolean; answers?: string[] } = {}) {
  const io = captureIo(e, { tty: opts.tty });
  if (opts.answers) io.input.end(`${opts.answers.join('\n')}\n`);
  // Only the commands under test: others' modules are not this file's concern.
  const code = await run(argv, io, { commands: [configCommand] });
  return { code, out: io.out(), err: io.err() };
}

async function readConfig(): Promise<Record<string, any>> {
  return JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
}

describe('config path', () => {
  it('prints the file under --config-dir, which beats ONCALL_CONFIG_DIR', async () => {
    expect((await oncall(['config', 'path'])).out).toBe(`${join(dir, 'config.json')}\n`);
    expect((await oncall(['config', 'path', '--config-dir', join(dir, 'other')])).out).toBe(`${join(dir, 'other', 'config.json')}\n`);
  });

  it('without a dir, is the file that init writes and every command reads: $XDG_CONFIG_HOME/oncall/config.json', async () => {
    // env-paths (which conf uses) reads the process environment, so the default dir is set there.
    const saved = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = dir;
    try {
      const noDir = env({ ONCALL_CONFIG_DIR: undefined });
      const expected = join(dir, 'oncall', 'config.json');
      expect((await oncall(['config', 'path'], noDir)).out).toBe(`${expected}\n`);
      expect(await oncall(['config', 'init', '--name', 'prod', '--alertmanager-url', 'http://127.0.0.1:9093'], noDir)).toMatchObject({ code: 0 });
      expect(JSON.parse(await readFile(expected, 'utf8'))).toMatchObject({ current_context: 'prod' });
      expect((await stat(expected)).mode & 0o777).toBe(0o600);
      expect(await oncall(['config', 'use-context', 'prod'], noDir)).toMatchObject({ code: 0 });
      const shown = await oncall(['config', 'show', '-o', 'json'], noDir);
      expect(shown.out).toContain('http://127.0.0.1:9093');
    } finally {
      if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved;
    }
  });

  it('works even when the file is broken', async () => {
    await writeFile(join(dir, 'config.json'), '{ broken');
    expect(await oncall(['config', 'path'])).toMatchObject({ code: 0 });
  });
});

describe('config init', () => {
  it('writes a context from flags, mode 0600, and makes it current', async () => {
    const r = await oncall([
      'config', 'init', '--name', 'prod', '--prometheus-url', 'http://127.0.0.1:9090',
      '--alertmanager-url', 'http://127.0.0.1:9093', '--alertmanager-url', 'http://127.0.0.1:9094',
      '--pagerduty-token-env', 'PAGERDUTY_API_TOKEN', '--pagerduty-from', 'alice@example.com', '--author', 'alice', '--read-only',
    ]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('prod is the current context');
    expect(await readConfig()).toEqual({
      current_context: 'prod',
      contexts: {
        prod: {
          read_only: true,
          author: 'alice',
          prometheus: { url: 'http://127.0.0.1:9090' },
          alertmanager: { urls: ['http://127.0.0.1:9093', 'http://127.0.0.1:9094'] },
          pagerduty: { token_env: 'PAGERDUTY_API_TOKEN', from: 'alice@example.com' },
        },
      },
    });
    expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600);
  });

  it('adds a second context without switching to it, and refuses to replace one without --force', async () => {
    await oncall(['config', 'init', '--name', 'prod', '--prometheus-url', 'http://127.0.0.1:1']);
    const second = await oncall(['config', 'init', '--name', 'staging', '--prometheus-url', 'http://127.0.0.1:2']);
    expect(second.out).toContain('oncall config use-context staging');
    expect((await readConfig()).current_context).toBe('prod');

    const again = await oncall(['config', 'init', '--name', 'prod', '--prometheus-url', 'http://127.0.0.1:3']);
    expect(again.code).toBe(2);
    expect(again.err).toContain('context prod already exists');
    expect(again.err).toContain('hint: pass --force');
    expect((await oncall(['config', 'init', '--name', 'prod', '--prometheus-url', 'http://127.0.0.1:3', '--force'])).code).toBe(0);
    expect((await readConfig()).contexts.prod.prometheus.url).toBe('http://127.0.0.1:3');
  });

  it('without a terminal and without flags, says what is missing instead of asking', async () => {
    const r = await oncall(['config', 'init']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('nothing to configure');
  });

  it('rejects a bad URL', async () => {
    const r = await oncall(['config', 'init', '--prometheus-url', 'localhost:9090']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--prometheus-url');
  });

  it('asks in a terminal', async () => {
    const r = await oncall(['config', 'init'], env(), {
      tty: true,
      answers: ['lab', 'http://127.0.0.1:9090', 'http://127.0.0.1:9093,http://127.0.0.1:9094', '', 'bob@example.com', '', 'y'],
    });
    expect(r.err).toContain('Prometheus URL');
    expect(r.code).toBe(0);
    expect(await readConfig()).toEqual({
      current_context: 'lab',
      contexts: {
        lab: {
          read_only: true,
          author: 'tester',
          prometheus: { url: 'http://127.0.0.1:9090' },
          alertmanager: { urls: ['http://127.0.0.1:9093', 'http://127.0.0.1:9094'] },
          pagerduty: { token_env: 'PAGERDUTY_API_TOKEN', from: 'bob@example.com' },
        },
      },
    });
  });
});

describe('config show', () => {
  beforeEach(async () => {
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        current_context: 'prod',
        contexts: {
          prod: {
            prometheus: { url: 'http://u:pw-in-url@127.0.0.1:9090', bearer_token: 'inline-bearer-secret', headers: { Authorization: 'Basic aGVsbG8=', 'X-Scope-OrgID': 't1' }, rules_url: 'http://vm:rules-pw@127.0.0.1:8880' },
            pagerduty: { token: 'inline-pd-secret', from: 'alice@example.com' },
          },
        },
      }),
    );
  });

  it('redacts every inline secret and shows where the others live', async () => {
    const r = await oncall(['config', 'show'], env({ PAGERDUTY_API_TOKEN: 'env-token-secret' }));
    expect(r.code).toBe(0);
    for (const secret of ['inline-bearer-secret', 'inline-pd-secret', 'pw-in-url', 'aGVsbG8=', 'env-token-secret', 'rules-pw']) expect(r.out).not.toContain(secret);
    expect(r.out).toContain('rules_url: http://REDACTED@127.0.0.1:8880');
    expect(r.out).toContain('bearer_token: REDACTED');
    expect(r.out).toContain('X-Scope-OrgID: t1');
    // PAGERDUTY_API_TOKEN beats the inline token: show says so
    expect(r.out).toContain('token_env: PAGERDUTY_API_TOKEN');
  });

  it('shows a secret command by its program only: its arguments can hold a secret', async () => {
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        contexts: {
          prod: {
            prometheus: { url: 'http://127.0.0.1:9090', basic_auth: { username: 'u', password_command: 'VAULT_TOKEN=s.vault-secret vault kv get -field=pw prom' } },
            pagerduty: { token_command: 'pass show --password=hunter2 pagerduty' },
          },
        },
      }),
    );
    for (const output of ['table', 'json']) {
      const r = await oncall(['config', 'show', '-o', output]);
      expect(r.code).toBe(0);
      for (const secret of ['hunter2', 's.vault-secret', 'VAULT_TOKEN', '-field=pw']) expect(r.out).not.toContain(secret);
      expect(r.out).toContain('pass [arguments hidden]');
      expect(r.out).toContain('vault [arguments hidden]');
    }
  });

  it('prints JSON with -o json, layering env and flags over the file', async () => {
    const r = await oncall(['config', 'show', '-o', 'json', '--readonly', '--alertmanager-url', 'http://127.0.0.1:9093'], env({ PAGERDUTY_FROM: 'bob@example.com' }));
    const shown = JSON.parse(r.out);
    expect(shown).toMatchObject({ context: 'prod', read_only_reason: '--readonly', config_file_exists: true });
    expect(shown.settings.alertmanager.urls).toEqual(['http://127.0.0.1:9093']);
    expect(shown.settings.pagerduty).toEqual({ token: 'REDACTED', from: 'bob@example.com' });
    expect(r.out).not.toContain('inline-pd-secret');
  });
});

describe('config use-context', () => {
  it('switches, and lists the known contexts for an unknown one', async () => {
    await oncall(['config', 'init', '--name', 'prod', '--prometheus-url', 'http://127.0.0.1:1']);
    await oncall(['config', 'init', '--name', 'staging', '--prometheus-url', 'http://127.0.0.1:2']);
    expect((await oncall(['config', 'use-context', 'staging'])).code).toBe(0);
    expect((await readConfig()).current_context).toBe('staging');
    const bad = await oncall(['config', 'use-context', 'stging']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('unknown context "stging" (known: prod, staging); did you mean staging?');
    expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600);
  });
});

describe('config validate', () => {
  let server: Server;
  let url: string;
  let deadUrl: string;

  beforeAll(async () => {
    // A stand-in for all three APIs that only answers with the right credentials.
    server = createServer((req, res) => {
      const auth = req.headers.authorization ?? '';
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/api/v1/status/buildinfo') {
        if (auth !== 'Bearer prom-ok') return json(401, 'Unauthorized');
        return json(200, { status: 'success', data: { version: '2.42.0' } });
      }
      if (req.url === '/api/v1/query' && req.method === 'POST') {
        if (auth !== 'Bearer prom-ok') return json(401, 'Unauthorized');
        return json(200, { status: 'success', data: { resultType: 'scalar', result: [0, '1'] } });
      }
      if (req.url === '/api/v2/status') return json(200, { versionInfo: { version: '0.25.0' }, cluster: { status: 'ready' } });
      if (req.url === '/users/me' || req.url === '/abilities') {
        if (req.headers.accept !== 'application/vnd.pagerduty+json;version=2') return json(406, { error: { message: 'bad accept' } });
        if (auth === 'Token token=user-token' && req.url === '/users/me') return json(200, { user: { email: 'alice@example.com' } });
        if (auth === 'Token token=account-token' && req.url === '/users/me') return json(400, { error: { code: 2100, message: 'not a user token' } });
        if (auth === 'Token token=account-token') return json(200, { abilities: ['teams'] });
        return json(401, { error: { code: 2006, message: 'Invalid Credentials' } });
      }
      json(404, 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    deadUrl = `http://127.0.0.1:${await freePort()}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('reports each source: a rejected one fails the run, the others are ok', async () => {
    const r = await oncall(['config', 'validate', '--prometheus-url', url, '--alertmanager-url', url, '--pagerduty-url', url], env({ PAGERDUTY_API_TOKEN: 'user-token' }));
    // Prometheus without its token: 401
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED\s+prometheus.*HTTP 401/);
    expect(r.out).toContain('hint: the credentials were rejected');
    expect(r.out).toMatch(/ok\s+alertmanager.*Alertmanager 0\.25\.0, cluster ready/);
    expect(r.out).toMatch(/ok\s+pagerduty.*user token for alice@example.com/);
  });

  it('passes with the right credentials from the config file', async () => {
    await writeFile(join(dir, 'tok'), 'prom-ok\n');
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        contexts: {
          lab: {
            prometheus: { url, bearer_token_file: join(dir, 'tok') },
            alertmanager: { urls: [url] },
            pagerduty: { url, token_command: 'echo account-token', from: 'alice@example.com' },
          },
        },
      }),
    );
    const r = await oncall(['config', 'validate']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ok\s+prometheus.*Prometheus 2\.42\.0/);
    expect(r.out).toMatch(/ok\s+pagerduty.*account token/);
    expect(r.out).not.toContain('account-token');
  });

  it('fails on a refused connection and a rejected PagerDuty token, naming each', async () => {
    const r = await oncall(['config', 'validate', '--prometheus-url', deadUrl, '--pagerduty-url', url, '-o', 'json'], env({ PAGERDUTY_API_TOKEN: 'wrong-token' }));
    expect(r.code).toBe(1);
    const { checks } = JSON.parse(r.out);
    expect(checks).toEqual([
      expect.objectContaining({ source: 'prometheus', status: 'failed', detail: expect.stringContaining('connection refused') }),
      expect.objectContaining({ source: 'alertmanager', status: 'skipped' }),
      expect.objectContaining({ source: 'pagerduty', status: 'failed', detail: expect.stringContaining('HTTP 401') }),
    ]);
    expect(r.out + r.err).not.toContain('wrong-token');
  });

  it('warns about inline secrets', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ contexts: { lab: { alertmanager: { urls: [url], bearer_token: 'inline-x' } } } }));
    const r = await oncall(['config', 'validate']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('warning: context lab: alertmanager.bearer_token is written inline');
    expect(r.out).not.toContain('inline-x');
  });

  it('says so when nothing is configured', async () => {
    const r = await oncall(['config', 'validate']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('has no sources configured');
    expect(r.err).toContain('hint:');
  });
});
