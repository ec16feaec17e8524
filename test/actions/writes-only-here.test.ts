import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

/**
 * A call of one of the clients' write methods (they live in sources/, and the demo's fakes answer
 * them). `effects.acknowledge(…)` is the dashboard calling its own effect, which calls the action;
 * `Promise.resolve` and `import.meta.resolve` are not writes.
 */
const WRITE_CALL = /(?<!\beffects|\bPromise|\bmeta)\.(createSilence|updateSilence|extendSilence|expireSilence|acknowledge|resolve|addNote|escalate|reassign|setPriority|snooze|merge|addOverride)\(/;

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else if (/\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

describe('writes go through src/actions', () => {
  it('no code outside actions/ (the clients themselves in sources/ and the demo fakes aside) calls a write method', async () => {
    const offenders: string[] = [];
    for (const path of await files(SRC)) {
      const rel = relative(SRC, path);
      if (/^(actions|sources|demo)\//.test(rel)) continue;
      (await readFile(path, 'utf8')).split('\n').forEach((line, i) => {
        if (WRITE_CALL.test(line) && !/^\s*(\/\/|\*)/.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('the pattern does catch a write call (so the check above can fail)', () => {
    expect(WRITE_CALL.test('      () => pd.acknowledge(ids),')).toBe(true);
    expect(WRITE_CALL.test('  await am.expireSilence(id);')).toBe(true);
    expect(WRITE_CALL.test('  resolve: (ids) => client.resolve(ids),')).toBe(true);
    expect(WRITE_CALL.test('  return Promise.resolve(false);')).toBe(false);
    expect(WRITE_CALL.test('  fire(effects.resolve(deps, c.ids));')).toBe(false);
  });
});
