import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager, type AmServer } from '../helpers/alertmanager.js';
import { demoSeed, DEMO_FROM, startFakePagerDuty, type FakePagerDuty } from '../helpers/pagerduty-fake.js';

/**
 * Debugging switches a user may set (DEBUG for the `debug` package behind follow-redirects and
 * https-proxy-agent, NODE_DEBUG for Node's own) must never print a secret. Every build a user can
 * run is tried: the headless build and the single file as bin/oncall.js runs them, and the module
 * tree (the CLI with node_modules loaded as they are installed).
 */
const repo = resolve(import.meta.dirname, '../..');
const TOKEN = 'pd-secret-7f3a9c';
const PASSWORD = 'am-secret-41d8e2';
// What a logger of the request would show: the values, and the Basic header that carries the password.
const SECRETS = [TOKEN, PASSWORD, Buffer.from(`ops:${PASSWORD}`).toString('base64')];

let work: string;
let pd: FakePagerDuty;
let am: AmServer;
let tree: string;
const builds: Record<string, string[]> = {};

interface Result {
  code: number;
  output: string;
}

function oncall(build: string[], args: string[], env: Record<string, string>): Promise<Result> {
  return new Promise((done) => {
    const childEnv = { PATH: process.env.PATH ?? '', HOME: work, ONCALL_CONFIG_DIR: join(work, 'config'), AM_PASSWORD: PASSWORD, PAGERDUTY_API_TOKEN: TOKEN, ...env };
    execFile(process.execPath, [...build, ...args], { cwd: work, env: childEnv, timeout: 20_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, output: stdout + stderr }),
    );
  });
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => execFile(cmd, args, { cwd: repo }, (err, _o, stderr) => (err ? fail(new Error(`${cmd} ${args.join(' ')}: ${stderr}`)) : done())));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'oncall-debug-switches-'));
  const pkg = join(work, 'pkg');
  await mkdir(join(pkg, 'bin'), { recursive: true });
  await copyFile(join(repo, 'bin/oncall.js'), join(pkg, 'bin/oncall.js'));
  await run(process.execPath, [join(repo, 'scripts/build-bundle.mjs'), `--headless=${join(pkg, 'dist/headless')}`]);
  await run(process.execPath, [join(repo, 'scripts/build-bundle.mjs'), `--outfile=${join(pkg, 'dist/oncall.mjs')}`]);
  // Inside the repo so that the bare imports resolve against our node_modules, as installed.
  await mkdir(join(repo, '.tmp'), { recursive: true });
  tree = await mkdtemp(join(repo, '.tmp', 'debug-switches-'));
  await build({ entryPoints: [join(repo, 'src/cli/main.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: join(tree, 'main.js'), logLevel: 'silent' });
  builds['headless build'] = [join(pkg, 'bin/oncall.js')];
  builds['single file'] = [join(pkg, 'dist/oncall.mjs')];
  builds['module tree'] = [join(tree, 'main.js')];

  const seed = demoSeed();
  seed.tokens[TOKEN] = { userId: 'PUSRADA' };
  [pd, am] = await Promise.all([startFakePagerDuty(seed), startAlertmanager()]);
  await mkdir(join(work, 'config'));
  const config = {
    contexts: {
      d: { pagerduty: { url: pd.url, from: DEMO_FROM }, alertmanager: { urls: [am.url], basic_auth: { username: 'ops', password_env: 'AM_PASSWORD' } } },
    },
  };
  await writeFile(join(work, 'config/config.json'), JSON.stringify(config), { mode: 0o600 });
});

afterAll(async () => {
  await Promise.allSettled([pd?.close(), am?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
  if (tree) await rm(tree, { recursive: true, force: true });
});

const DEBUG_VALUES = ['*', 'follow-redirects', 'https-proxy-agent,follow-redirects', '*,-nothing'];
const COMMANDS = [['incidents', '-o', 'json'], ['alerts', '-o', 'json']];

describe.each(['headless build', 'single file', 'module tree'])('%s', (name) => {
  it.each(DEBUG_VALUES)('DEBUG=%s: the requests succeed and print no secret', async (debug) => {
    for (const args of COMMANDS) {
      const r = await oncall(builds[name]!, args, { DEBUG: debug, DEBUG_DEPTH: '10', DEBUG_SHOW_HIDDEN: '1' });
      expect(r.code, `${args.join(' ')}: ${r.output.slice(0, 400)}`).toBe(0);
      for (const secret of SECRETS) expect(r.output, `${args[0]} printed a secret`).not.toContain(secret);
    }
  });

  it.each(['http', 'net', 'tls', 'http,net,tls', 'HTTP', '*', 'module'])('NODE_DEBUG=%s: refuses to start, in one line that says why', async (nodeDebug) => {
    const r = await oncall(builds[name]!, ['incidents'], { NODE_DEBUG: nodeDebug });
    expect(r.code).toBe(2);
    // NODE_DEBUG=module prints Node's own lines about loading us before any of our code runs.
    const ours = r.output.split('\n').filter((line) => line.startsWith('oncall:'));
    expect(ours).toEqual([expect.stringMatching(/^oncall: not starting with NODE_DEBUG set .*request headers.*unset it/)]);
    for (const secret of SECRETS) expect(r.output).not.toContain(secret);
  });
});
