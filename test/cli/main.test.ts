import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configCommand } from '../../src/cli/commands/config.js';
import { run } from '../../src/cli/main.js';
import { captureIo } from './helpers/io.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-main-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function oncall(argv: string[], opts: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const io = captureIo({ ONCALL_CONFIG_DIR: dir, PATH: process.env.PATH, ...opts.env }, { tty: opts.tty, columns: 100 });
  // Only the commands under test: others' modules are not this file's concern.
  const code = await run(argv, io, { commands: [configCommand] });
  return { code, out: io.out(), err: io.err() };
}

describe('oncall CLI', () => {
  it('--help lists the commands and global options, and every command has --help', async () => {
    const top = await oncall(['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toContain('With no command, opens the dashboard');
    expect(top.out).toMatch(/oncall config\s+set up and check contexts/);
    for (const flag of ['--context', '--config-dir', '--prometheus-url', '--alertmanager-url', '--pagerduty-url', '--readonly', '--output', '--dry-run', '--yes', '--color']) {
      expect(top.out).toContain(flag);
    }
    for (const sub of ['init', 'show', 'path', 'use-context', 'validate']) {
      const r = await oncall(['config', sub, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`oncall config ${sub}`);
    }
  });

  it('prints the package version', async () => {
    expect((await oncall(['--version'])).out).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on bad usage, with a hint', async () => {
    for (const argv of [['nosuchcommand'], ['config'], ['config', 'path', '--bogus'], ['config', 'path', '-c'], ['config', 'show', '-o', 'yaml']]) {
      const r = await oncall(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/^error: /);
      expect(r.err).toContain('hint:');
    }
  });

  it('exits 1 on a config error and names the file', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ contexts: { prod: { promethus: { url: 'http://x' } } } }));
    const r = await oncall(['config', 'show']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error: ${join(dir, 'config.json')}: unknown key \`promethus\` in context prod (did you mean prometheus?)`);
    expect(r.err).toContain('hint:');
  });

  it('prints a completion script and completes command names', async () => {
    const script = await oncall(['completion']);
    expect(script.code).toBe(0);
    expect(script.out).toContain('--get-yargs-completions');
    const words = await oncall(['--get-yargs-completions', 'oncall', 'con']);
    expect(words.out.split('\n')).toContain('config');
    expect(words.out).not.toContain('$0');
  });

  it('refuses --dry-run for the dashboard, whose keys write at once (exit 2), pointing to --readonly', async () => {
    const r = await oncall(['--dry-run']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the dashboard has no dry run');
    expect(r.err).toContain('--readonly');
  });

  it('without a command and without a terminal, refuses to open the dashboard', async () => {
    const r = await oncall([]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the dashboard needs a terminal');
  });
});
