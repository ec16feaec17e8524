import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAlerts, startAlertmanager, waitFor, type AmServer } from '../helpers/alertmanager.js';

/**
 * The single file for bastion hosts, run the way a user runs it after `scp`: alone in a folder with no
 * node_modules in it or above it, with `node` and nothing else.
 */
const repo = resolve(import.meta.dirname, '../..');
let work: string;
let bundle: string;
let home: string;
/** The split build (dist/app/), copied as a folder: its entry and chunks/. */
let split: string;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = work): Promise<Result> {
  return new Promise((done) => {
    // A bare environment: no NODE_PATH or NODE_OPTIONS from the test runner can help the bundle along.
    execFile(file, args, { cwd, env: { PATH: process.env.PATH, HOME: home, ONCALL_CONFIG_DIR: join(home, 'config'), ...env }, timeout: 20_000 }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) found.push(join(d, 'node_modules'));
    if (dirname(d) === d) return found;
  }
}

// Preloaded with --import: writes where WebAssembly is compiled or instantiated. yoga-layout
// (ink's layout engine) does it when ink is evaluated, and so does undici (Node's fetch) when something
// touches its globals; a headless command must do neither, they are the slow part of a start-up.
const WASM_PROBE = `
import { appendFileSync } from 'node:fs';
for (const name of ['instantiate', 'compile']) {
  const original = WebAssembly[name];
  WebAssembly[name] = function (...args) {
    const file = process.env.WASM_PROBE_FILE;
    if (file) appendFileSync(file, new Error('WebAssembly.' + name).stack + '\\n');
    return original.apply(this, args);
  };
}
`;

const probed = async (file: string) => (existsSync(file) ? readFile(file, 'utf8') : 'no WebAssembly');

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'oncall-bundle-'));
  home = join(work, 'home');
  await mkdir(join(home, 'config'), { recursive: true });
  const built = join(work, 'build', 'oncall.mjs');
  const result = await run(process.execPath, [join(repo, 'scripts/build-bundle.mjs'), `--outfile=${built}`], {}, repo);
  if (result.code !== 0) throw new Error(`scripts/build-bundle.mjs failed: ${result.stderr || result.stdout}`);
  bundle = join(work, 'oncall.mjs');
  // Only the one file travels, as with `scp -p`.
  await copyFile(built, bundle);
  await rm(join(work, 'build'), { recursive: true, force: true });
  await writeFile(join(work, 'wasm-probe.mjs'), WASM_PROBE);
  const app = join(work, 'app');
  const splitBuild = await run(process.execPath, [join(repo, 'scripts/build-bundle.mjs'), `--outdir=${app}`], {}, repo);
  if (splitBuild.code !== 0) throw new Error(`scripts/build-bundle.mjs --outdir failed: ${splitBuild.stderr || splitBuild.stdout}`);
  split = join(app, 'oncall.mjs');
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('dist/oncall.mjs, alone in a folder', () => {
  it('has no node_modules to lean on', () => {
    expect(nodeModulesAbove(work)).toEqual([]);
  });

  it('runs as an executable with node alone and knows its version', async () => {
    const pkg = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as { version: string };
    const direct = await run(bundle, ['--version']);
    expect(direct.stderr).toBe('');
    expect(direct.stdout.trim()).toBe(pkg.version);
    const viaNode = await run(process.execPath, ['oncall.mjs', '--help']);
    expect(viaNode.code).toBe(0);
    expect(viaNode.stdout).toMatch(/oncall alerts/);
  });

  describe('a headless command against a real Alertmanager', () => {
    let am: AmServer;
    beforeAll(async () => {
      am = await startAlertmanager();
      await postAlerts(am.url, [
        { labels: { alertname: 'BastionDiskFull', severity: 'critical', service: 'bastion' }, annotations: { summary: 'disk at 99%' } },
        { labels: { alertname: 'BastionLoadHigh', severity: 'warning', service: 'bastion' } },
      ]);
    });
    afterAll(async () => {
      await am?.stop();
    });

    it('lists the alerts as JSON without evaluating ink or undici', async () => {
      const probe = join(work, 'headless-wasm');
      const result = await run(process.execPath, ['--import', './wasm-probe.mjs', 'oncall.mjs', 'alerts', '-o', 'json', '--alertmanager-url', am.url], { WASM_PROBE_FILE: probe });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const alerts = JSON.parse(result.stdout) as Array<{ labels: Record<string, string> }>;
      expect(alerts.map((a) => a.labels.alertname).sort()).toEqual(['BastionDiskFull', 'BastionLoadHigh']);
      expect(await probed(probe)).toBe('no WebAssembly');
    });

    it('the split build (dist/app/) lists them too, run directly, without ink or undici', async () => {
      const probe = join(work, 'split-headless-wasm');
      const result = await run(process.execPath, ['--import', './wasm-probe.mjs', split, 'alerts', '-o', 'json', '--alertmanager-url', am.url], { WASM_PROBE_FILE: probe });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as unknown[]).length).toBe(2);
      expect(await probed(probe)).toBe('no WebAssembly');
      const version = await run(split, ['--version']);
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    });

    it('reports an unreachable Alertmanager as an error with exit code 1', async () => {
      const result = await run(process.execPath, ['oncall.mjs', 'alerts', '--alertmanager-url', 'http://127.0.0.1:1']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/127\.0\.0\.1:1/);
    });
  });

  describe('the dashboard in a terminal (tmux)', () => {
    const socket = `oncall-bundle-${process.pid}-${Date.now()}`;
    const tmux = (...args: string[]) => run('tmux', ['-L', socket, ...args], { TERM: 'xterm-256color' });
    const screen = async () => (await tmux('capture-pane', '-p', '-t', 'demo')).stdout;

    afterAll(async () => {
      await tmux('kill-server');
    });

    it('shows the demo with data, quits on q and gives the terminal back', async () => {
      const probe = join(work, 'dashboard-wasm');
      // `exec cat` keeps the pane open after oncall exits, so the restored screen can be inspected.
      const command =
        `cd '${work}' && env -i PATH='${process.env.PATH}' HOME='${home}' TERM=xterm-256color WASM_PROBE_FILE='${probe}' ` +
        `node --import ./wasm-probe.mjs oncall.mjs demo; echo "oncall exited with $?"; exec cat`;
      const started = await tmux('new-session', '-d', '-s', 'demo', '-x', '100', '-y', '30', command);
      expect(started.stderr).toBe('');

      let last = '';
      // The demo's first frame with data: the SLA table with its breached SLO, and firing alerts.
      await waitFor(async () => {
        last = await screen();
        return /SLOs/.test(last) && /BREACHED/.test(last) && /\b[1-9]\d* firing/.test(last);
      }, 'the dashboard to show SLOs and firing alerts', 20_000).catch((err: Error) => {
        throw new Error(`${err.message}\n--- screen ---\n${last}`);
      });
      expect((await tmux('display', '-p', '-t', 'demo', '#{alternate_on}')).stdout.trim()).toBe('1');
      expect(await probed(probe)).toMatch(/oncall\.mjs/);

      await tmux('send-keys', '-t', 'demo', 'q');
      await waitFor(async () => {
        last = await screen();
        return /oncall exited with \d+/.test(last);
      }, 'oncall to exit after q', 10_000).catch((err: Error) => {
        throw new Error(`${err.message}\n--- screen ---\n${last}`);
      });
      expect(last).toMatch(/oncall exited with 0/);
      // Back on the main screen, the dashboard is gone and the cursor is visible again.
      expect((await tmux('display', '-p', '-t', 'demo', '#{alternate_on} #{cursor_flag}')).stdout.trim()).toBe('0 1');
      expect(last).not.toMatch(/SLOs/);
    });
  });
});
