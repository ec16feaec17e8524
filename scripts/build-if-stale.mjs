#!/usr/bin/env node
/**
 * `npm run demo` builds only when the build is older than what it is built from: after `npm ci` with a
 * current dist/, or on a second run, the demo opens at once instead of spending a minute in tsc.
 *   node scripts/build-if-stale.mjs   (runs `npm run build` when needed)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What the build reads: the sources, the build scripts and configs, the locked dependencies. */
export const INPUTS = ['src', 'scripts/build-bundle.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];
/** What the demo runs: bin/oncall.js picks among these (see its header). */
export const OUTPUTS = ['dist/cli/main.js', 'dist/app/oncall.mjs', 'dist/oncall.mjs'];

function newest(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Why a build is needed (an output missing or older than an input), or undefined when dist/ is current. */
export function staleReason(dir = root) {
  const built = OUTPUTS.map((p) => [p, statSync(join(dir, p), { throwIfNoEntry: false })?.mtimeMs]);
  const missing = built.find(([, t]) => t === undefined);
  if (missing) return `${missing[0]} is missing`;
  const oldest = Math.min(...built.map(([, t]) => t));
  const changed = INPUTS.find((p) => newest(join(dir, p)) > oldest);
  return changed ? `${changed} changed since the last build` : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const why = staleReason();
  if (why) {
    process.stderr.write(`building (${why})…\n`);
    const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
}
