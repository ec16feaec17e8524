import { chmod, chown, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configCommand } from '../../src/cli/commands/config.js';
import { checkNotTampered } from '../../src/cli/config/permissions.js';
import { clearSecretCache } from '../../src/cli/config/secrets.js';
import { run } from '../../src/cli/main.js';
import { captureIo } from './helpers/io.js';

/** Who may change the config file and the secret files, and who may read an inline secret. */
let dir: string;
let config: string;
let marker: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-perms-'));
  config = join(dir, 'config.json');
  marker = join(dir, 'token-command-ran');
  clearSecretCache();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function oncall(argv: string[]) {
  const io = captureIo({ ONCALL_CONFIG_DIR: dir, USER: 'tester', PATH: process.env.PATH });
  const code = await run(argv, io, { commands: [configCommand] });
  return { code, out: io.out(), err: io.err() };
}

/** A config whose PagerDuty token comes from a command that leaves a mark when it runs. */
async function writeCommandConfig(mode: number): Promise<void> {
  const pagerduty = { url: 'http://127.0.0.1:9', token_command: `touch ${marker}; echo tok` };
  await writeFile(config, JSON.stringify({ contexts: { p: { pagerduty } } }), { mode });
  await chmod(config, mode); // whatever the umask
}

describe('a config file someone else could have changed', () => {
  it.each(['0666', '0620', '0602'])('mode %s: refused with the chmod that fixes it, before its command runs', async (mode) => {
    await writeCommandConfig(parseInt(mode, 8));
    const r = await oncall(['config', 'validate']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`refusing config file ${config}: it is writable by`);
    expect(r.err).toContain(`hint: chmod go-w ${config}`);
    expect(existsSync(marker), 'the token command ran').toBe(false);

    await chmod(config, 0o600);
    await oncall(['config', 'validate']);
    expect(existsSync(marker), 'the token command runs once the file is fixed').toBe(true);
  });

  it('in a folder anyone can write to: refused, naming the folder', async () => {
    await writeCommandConfig(0o600);
    await chmod(dir, 0o777);
    const r = await oncall(['config', 'show']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`refusing the folder of config file ${config}: it is writable by group and others (mode 0777)`);
    expect(r.err).toContain(`hint: chmod go-w ${dir}`);
    await chmod(dir, 0o1777); // the sticky bit: others cannot replace our file (as in /tmp)
    expect((await oncall(['config', 'show'])).code).toBe(0);
  });

  it('owned by another user: refused with the chown that fixes it; root-owned files are fine', async () => {
    await writeCommandConfig(0o600);
    if (process.getuid?.() === 0) {
      expect((await oncall(['config', 'show'])).code).toBe(0); // root's own
      await chown(config, 65534, 65534);
      const r = await oncall(['config', 'validate']);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`refusing config file ${config}: it belongs to another user (uid 65534)`);
      expect(r.err).toMatch(/hint: use a file of your own, or take it over: sudo chown \S+ /);
      expect(existsSync(marker)).toBe(false);
    } else {
      // Without root no file can be given away: ask as if we were someone else.
      expect(() => checkNotTampered(config, 'config file', process.getuid!() + 1)).toThrow('belongs to another user');
    }
  });

  it('a secret file writable by others is refused before it is sent', async () => {
    const secret = join(dir, 'pd-token');
    await writeFile(secret, 'tok-from-file\n');
    await chmod(secret, 0o646);
    await writeFile(config, JSON.stringify({ contexts: { p: { pagerduty: { url: 'http://127.0.0.1:9', token_file: secret } } } }), { mode: 0o600 });
    const r = await oncall(['config', 'validate']);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toContain(`refusing pagerduty token file ${secret}: it is writable by others (mode 0646)`);
    expect(r.out + r.err).not.toContain('tok-from-file');
  });
});

describe('an inline secret in a file others can read', () => {
  const inline = { contexts: { p: { prometheus: { url: 'http://127.0.0.1:9', headers: { Authorization: 'Bearer inline-x' } }, pagerduty: { token: 'inline-pd' } } } };

  it('loads, with a warning that names the secrets and the fix', async () => {
    await writeFile(config, JSON.stringify(inline));
    await chmod(config, 0o644);
    const r = await oncall(['config', 'show']);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      `warning: ${config} is readable by group and others (mode 0644) and holds a secret inline (contexts.p.prometheus.headers.Authorization, contexts.p.pagerduty.token): chmod 600 ${config}, or move it to a *_env, *_file or *_command setting\n`,
    );
    expect(r.err).not.toMatch(/inline-x|inline-pd/);
  });

  it('says nothing when only its owner reads it, or when it holds no secret', async () => {
    await writeFile(config, JSON.stringify(inline), { mode: 0o600 });
    await chmod(config, 0o600);
    expect((await oncall(['config', 'show'])).err).toBe('');
    await writeFile(config, JSON.stringify({ contexts: { p: { pagerduty: { token_env: 'PD' } } } }));
    await chmod(config, 0o644);
    expect((await oncall(['config', 'show'])).err).toBe('');
  });
});

describe('config init', () => {
  it('creates the config folder 0700, whatever the umask', async () => {
    const previous = process.umask(0o000);
    try {
      const fresh = join(dir, 'new', 'oncall');
      const r = await oncall(['config', 'init', '--config-dir', fresh, '--prometheus-url', 'http://127.0.0.1:9090']);
      expect(r.code).toBe(0);
      expect((await stat(fresh)).mode & 0o777).toBe(0o700);
      expect((await stat(join(fresh, 'config.json'))).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });
});
