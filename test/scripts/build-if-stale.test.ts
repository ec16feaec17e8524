import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { INPUTS, OUTPUTS, staleReason } from '../../scripts/build-if-stale.mjs';

let dir: string;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function file(path: string, at: number): Promise<void> {
  const full = join(dir, path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, 'x');
  await utimes(full, at / 1000, at / 1000);
}

/** A checkout as `npm ci` leaves it: sources and lock at one time, dist/ built after them. */
async function checkout(): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'oncall-stale-'));
  const t = Date.parse('2026-01-01T00:00:00Z');
  for (const p of [...(INPUTS as string[]).filter((p) => p !== 'src'), 'src/cli/main.ts', 'src/ui/App.tsx']) await file(p, t);
  await utimes(join(dir, 'src/cli'), t / 1000, t / 1000);
  await utimes(join(dir, 'src/ui'), t / 1000, t / 1000);
  await utimes(join(dir, 'src'), t / 1000, t / 1000);
  for (const p of OUTPUTS as string[]) await file(p, t + 60_000);
}

it('npm run demo goes through the staleness check, not an unconditional build', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts.demo).toBe('node scripts/build-if-stale.mjs && ./bin/oncall.js demo');
});

it('a current dist/ needs no build', async () => {
  await checkout();
  expect(staleReason(dir)).toBeUndefined();
});

it('a source edited after the build, a new lock file or a missing output needs one', async () => {
  await checkout();
  await file('src/ui/App.tsx', Date.parse('2026-01-02T00:00:00Z'));
  expect(staleReason(dir)).toBe('src changed since the last build');
  await checkout();
  await file('package-lock.json', Date.parse('2026-01-02T00:00:00Z'));
  expect(staleReason(dir)).toBe('package-lock.json changed since the last build');
  await checkout();
  await rm(join(dir, 'dist/app/oncall.mjs'));
  expect(staleReason(dir)).toBe('dist/app/oncall.mjs is missing');
});
