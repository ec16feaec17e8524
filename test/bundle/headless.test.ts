import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAlerts, startAlertmanager, type AmServer } from '../helpers/alertmanager.js';

/**
 * The headless build (dist/headless/) as bin/oncall.js runs it: a package folder with bin/ and the
 * build, nothing else (no node_modules, no dist/app), and a V8 code cache that bin/ keeps beside it.
 */
const repo = resolve(import.meta.dirname, '../..');
let work: string;
let pkg: string;
let home: string;
let am: AmServer;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function oncall(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((done) => {
    execFile(process.execPath, [join(pkg, 'bin/oncall.js'), ...args], { cwd: work, env: { PATH: process.env.PATH, HOME: home, ONCALL_CONFIG_DIR: join(home, 'config'), NO_COLOR: '1', ...extraEnv }, timeout: 20_000 }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

const built = async () => {
  const dir = join(pkg, 'dist/headless');
  const file = (await readdir(dir)).find((f) => f.endsWith('.cjs'));
  if (!file) throw new Error(`no headless build in ${dir}`);
  return { file: join(dir, file), cache: join(dir, `${file}.v8cache`) };
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'oncall-headless-build-'));
  pkg = join(work, 'pkg');
  home = join(work, 'home');
  await mkdir(join(home, 'config'), { recursive: true });
  await mkdir(join(pkg, 'bin'), { recursive: true });
  await copyFile(join(repo, 'bin/oncall.js'), join(pkg, 'bin/oncall.js'));
  const result = await new Promise<Result>((done) =>
    execFile(process.execPath, [join(repo, 'scripts/build-bundle.mjs'), `--headless=${join(pkg, 'dist/headless')}`], { cwd: repo }, (err, stdout, stderr) =>
      done({ code: err ? 1 : 0, stdout, stderr }),
    ),
  );
  if (result.code !== 0) throw new Error(`scripts/build-bundle.mjs --headless failed: ${result.stderr || result.stdout}`);
  am = await startAlertmanager();
  await postAlerts(am.url, [{ labels: { alertname: 'BastionDiskFull', severity: 'critical', service: 'bastion' }, annotations: { summary: 'disk at 99%' } }]);
});

afterAll(async () => {
  await am?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('bin/oncall.js with the headless build', () => {
  it('runs a headless command from it, with nothing else installed, and keeps a code cache for the next run', async () => {
    const { cache } = await built();
    expect(existsSync(cache)).toBe(false);
    const first = await oncall(['alerts', '-o', 'json', '--alertmanager-url', am.url]);
    expect(first.stderr).toBe('');
    expect((JSON.parse(first.stdout) as Array<{ labels: Record<string, string> }>).map((a) => a.labels.alertname)).toEqual(['BastionDiskFull']);
    expect(existsSync(cache)).toBe(true);
    const second = await oncall(['alerts', '-o', 'json', '--alertmanager-url', am.url]);
    expect(second).toEqual(first);
  });

  it('runs on when the cache is damaged, and replaces it', async () => {
    const { cache } = await built();
    await writeFile(cache, 'not a V8 code cache');
    const result = await oncall(['--version']);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe((JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as { version: string }).version);
    expect((await readFile(cache)).toString()).not.toBe('not a V8 code cache');
  });

  it("does not load Node's http2 module, which no request of ours uses (8 ms of every start-up)", async () => {
    // Preloaded: at exit, writes the Node modules the process loaded (internal ones left out).
    const probe = join(work, 'builtins.cjs');
    const list = join(work, 'builtins.txt');
    await writeFile(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ') && !m.includes('internal/')).map((m) => m.slice(13)).join('\\n')));`);
    const result = await oncall(['alerts', '-o', 'json', '--alertmanager-url', am.url], { NODE_OPTIONS: `--require ${probe}` });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toHaveLength(1);
    const loaded = (await readFile(list, 'utf8')).split('\n');
    expect(loaded).toContain('http');
    expect(loaded).not.toContain('http2');
  });

  it('reports bad usage with exit code 2, as the other builds do', async () => {
    const result = await oncall(['alerts', 'sev~~rity']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/matcher/i);
  });
});
