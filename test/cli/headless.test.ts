import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';

/**
 * The CLI as a real process. `npm run build` compiles the whole tree (others' work included), so the
 * process tests run an esbuild bundle of src/cli/main.ts with node_modules left external: what the
 * bundle imports at run time is exactly what the CLI loads. Only the bin/ test needs dist/.
 */
const repo = resolve(import.meta.dirname, '../..');
const traceHook = join(repo, 'test/cli/helpers/trace-loads.mjs');
let bundleDir: string;
let configDir: string;
let bundle: string;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      args,
      { cwd: repo, env: { PATH: process.env.PATH, HOME: configDir, ONCALL_CONFIG_DIR: configDir, ...env }, timeout: 20_000 },
      (err, stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  // Inside the repo so that the bundle's bare imports resolve against our node_modules; .tmp is ignored by git.
  await mkdir(join(repo, '.tmp'), { recursive: true });
  bundleDir = await mkdtemp(join(repo, '.tmp', 'cli-bundle-'));
  configDir = await mkdtemp(join(tmpdir(), 'oncall-headless-'));
  bundle = join(bundleDir, 'main.js');
  try {
    await build({
      entryPoints: [join(repo, 'src/cli/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile: bundle,
      logLevel: 'silent',
    });
  } catch (err) {
    const errors = (err as { errors?: { text: string; location?: { file: string } }[] }).errors ?? [];
    throw new Error(`cannot bundle the CLI: ${errors.map((e) => `${e.location?.file ?? '?'}: ${e.text}`).join('; ') || String(err)}`);
  }
});

afterAll(async () => {
  await rm(bundleDir, { recursive: true, force: true });
  await rm(configDir, { recursive: true, force: true });
});

describe('headless commands as a process', () => {
  it('`config path` loads neither ink nor react', async () => {
    const trace = join(configDir, 'loads.txt');
    const r = await node(['--import', traceHook, bundle, 'config', 'path'], { TRACE_LOADS_FILE: trace });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${join(configDir, 'config.json')}\n`);
    const loaded = (await readFile(trace, 'utf8')).split('\n');
    expect(loaded.some((u) => u.includes('/node_modules/yargs/'))).toBe(true); // the trace does see packages
    expect(loaded.filter((u) => /\/node_modules\/(ink|react|react-reconciler|@inkjs)\//.test(u))).toEqual([]);
  });

  it('exits 0, 1 and 2 as documented', async () => {
    expect((await node([bundle, '--version'])).code).toBe(0);

    const usage = await node([bundle, 'no-such-command']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('error: Unknown argument: no-such-command');

    await writeFile(join(configDir, 'config.json'), '{"contexts": {"prod": {"alertmanger": {}}}}');
    const config = await node([bundle, 'config', 'show']);
    expect(config.code).toBe(1);
    expect(config.stderr).toContain('did you mean alertmanager?');
    expect(config.stderr).not.toContain('    at '); // no stack without ONCALL_DEBUG
    await rm(join(configDir, 'config.json'));
  });

  it('never prints a secret on failure', async () => {
    await writeFile(
      join(configDir, 'config.json'),
      JSON.stringify({ contexts: { p: { pagerduty: { url: 'http://127.0.0.1:9', token_command: 'echo tok-visible-xyz; exit 3' } } } }),
    );
    const r = await node([bundle, 'config', 'validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('exit 3');
    expect(r.stdout.replace('echo tok-visible-xyz', '')).not.toContain('tok-visible-xyz');
    expect(r.stderr).not.toContain('tok-visible-xyz');
    await rm(join(configDir, 'config.json'));
  });
});

describe('output that cannot be written', () => {
  /** The CLI with its stdout sent where `redirect` says; the shell then prints the CLI's exit status. */
  function shell(args: string, redirect: string): Promise<Result> {
    const line = `${JSON.stringify(process.execPath)} ${JSON.stringify(bundle)} ${args} ${redirect}; echo "status \${PIPESTATUS[0]}"`;
    return new Promise((done) => {
      execFile('bash', ['-c', line], { env: { PATH: process.env.PATH, HOME: configDir, ONCALL_CONFIG_DIR: configDir }, timeout: 20_000 }, (err, stdout, stderr) =>
        done({ code: err ? -1 : 0, stdout, stderr }),
      );
    });
  }

  it('a full disk: one line, no stack trace, exit 1', async () => {
    await writeFile(join(configDir, 'config.json'), JSON.stringify({ contexts: { p: { prometheus: { url: 'http://127.0.0.1:9' } } } }), { mode: 0o600 });
    const r = await shell('config show', '> /dev/full');
    expect(r.stderr).toBe('oncall: cannot write the output (ENOSPC: no space left on device)\n');
    expect(r.stdout).toBe('status 1\n');
    await rm(join(configDir, 'config.json'));
  });

  it('a reader that stopped reading (`| head`): nothing printed, exit 0', async () => {
    // `true` exits at once, long before node has started: every write finds the pipe closed.
    const r = await shell('--help', '| true');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('status 0\n');
  });
});

describe('bin/oncall.js', () => {
  it('runs the built CLI (needs `npm run build`)', async () => {
    if (!existsSync(join(repo, 'dist/cli/main.js'))) {
      throw new Error('dist/cli/main.js is missing: run `npm run build` first (scripts/test.sh does)');
    }
    const version = await node([join(repo, 'bin/oncall.js'), '--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const bad = await node([join(repo, 'bin/oncall.js'), 'config', '--bogus']);
    expect(bad.code).toBe(2);
  });
});

describe('bin/oncall.js as a command, as npm links it', () => {
  // A `node` first on PATH that writes down how it was started, then runs the real one.
  async function linked(): Promise<{ run: (args: string[], extra?: Record<string, string>) => Promise<Result>; started: () => Promise<string[]>; arenas: () => Promise<string>; link: string; dir: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'oncall-bin-'));
    const log = join(dir, 'node-args');
    await mkdir(join(dir, 'path'));
    await writeFile(join(dir, 'path/node'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${log}'\nprintf '%s' "$MALLOC_ARENA_MAX" > '${log}.arenas'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 });
    const link = join(dir, 'path/oncall');
    await symlink(join(repo, 'bin/oncall.js'), link);
    const env = { PATH: `${join(dir, 'path')}:/usr/bin:/bin`, HOME: dir, ONCALL_CONFIG_DIR: join(dir, 'config'), NO_COLOR: '1' };
    const run = (args: string[], extra: Record<string, string> = {}) =>
      new Promise<Result>((done) => {
        execFile(link, args, { env: { ...env, ...extra }, timeout: 20_000 }, (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
      });
    return { run, started: async () => (await readFile(log, 'utf8')).split('\n').slice(0, -1), arenas: () => readFile(`${log}.arenas`, 'utf8'), link, dir };
  }

  it('starts node once, with the shipped V8 settings, the arguments as typed and the exit status', async () => {
    const { run, started, link, dir } = await linked();
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const bad = await run(['config', '--bogus', 'two words', '*']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown argument');
    expect(await started()).toEqual(['--single-threaded-gc', link, 'config', '--bogus', 'two words', '*']);
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('starts node with two malloc arenas, unless MALLOC_ARENA_MAX is already set', async () => {
    const { run, arenas, dir } = await linked();
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    expect((await run(['--version'])).code).toBe(0);
    expect(await arenas()).toBe('2');
    expect((await run(['--version'], { MALLOC_ARENA_MAX: '8' })).code).toBe(0);
    expect(await arenas()).toBe('8');
  });
});
