import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConfigStore, writeNewConfig } from '../../src/cli/config/store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oncall-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeNewConfig (the demo config)', () => {
  it('writes a file the store reads back, owner-only', async () => {
    const path = await writeNewConfig(dir, { current_context: 'demo', contexts: { demo: { alertmanager: { urls: ['http://127.0.0.1:9093'] } } } });
    expect(path).toBe(join(dir, 'config.json'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(openConfigStore(dir).read().config.current_context).toBe('demo');
  });

  it('never replaces a file that is there, and validates before writing', async () => {
    await writeFile(join(dir, 'config.json'), '{"current_context":"mine"}');
    await expect(writeNewConfig(dir, { current_context: 'demo', contexts: { demo: {} } })).rejects.toThrow(/EEXIST/);
    expect(await readFile(join(dir, 'config.json'), 'utf8')).toBe('{"current_context":"mine"}');
    await rm(join(dir, 'config.json'));
    await expect(writeNewConfig(dir, { contexts: { demo: { alertmanager: { urls: ['not a url'] } } } } as never)).rejects.toThrow();
    await expect(stat(join(dir, 'config.json'))).rejects.toThrow();
  });
});
