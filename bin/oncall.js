#!/bin/sh
':' //; MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" exec node --single-threaded-gc "$0" "$@"
// Run as a command (npm links it as `oncall`), this file is first a shell script: the line above starts
// node on this same file with the V8 settings the dashboard is measured with, in place of the shell
// (exec: one process, signals and exit status as node's). To node, that line is a string and a comment.
// --single-threaded-gc: V8's helper threads for garbage collection cost more CPU than they save on the
// small heaps of the dashboard (30-70 MB) and the 2-core hosts it runs on: CPU between polls over a
// 12-hour shift, 1,000 alerts (`npm run bench -- shift`), 1.01-1.14% with them, 0.78-1.03% without
// (five runs: 0.78, 0.80, 0.83, 0.97, 1.03; the 1% target is met in most runs, not all);
// keypress p99 at 8x10,000 alerts and headless wall time unchanged (`bench scale`, `bench headless`).
// MALLOC_ARENA_MAX=2 (unless already set): glibc gives threads that allocate at once malloc arenas of
// their own, and the threads beside the main one (V8's, which compile in the background, and libuv's)
// kept four, 21 MB of private memory in a real-time shift of 1,000 alerts (/proc/PID/smaps). With two arenas that shift held 100-102 MB where it held
// 111-114 MB (minutes 5-20, two runs side by side), and 12 hours of fake time ended at 148 MB against
// 166 (`npm run bench -- shift`); CPU between polls 0.52% against 0.64%. glibc reads it when the
// process starts, so the shell sets it; programs oncall starts (a token_command) inherit it, which
// changes how much memory they keep, not what they do. Other C libraries ignore it.
// `node bin/oncall.js` skips that line and runs with node's defaults.
// Which build runs, fastest first, each only when at least as new as the tsc output (dist/cli/main.js),
// so a `tsc` run alone is never shadowed by a stale bundle:
// - A headless command (`oncall alerts`, `oncall --version`...) runs from dist/headless/: the CLI
//   without the dashboard and the demo, as one CommonJS file, compiled with a V8 code cache kept beside
//   it (written after the first run). Node 20 caches compiled code for scripts only, and reading and
//   compiling the CLI is a third of a headless command's start-up (`npm run bench -- startup`).
// - The dashboard and the demo run from the split build (dist/app/): the CLI first, then ink and the
//   demo stack as chunks loaded when opened.
// - Else the single file (dist/oncall.mjs), else the module tree (dist/cli/main.js).
// Each starts the CLI from its own top level (see isEntryPoint in src/cli/main.ts).
// This file is CommonJS (bin/package.json says so): as an ES module it made Node start its ES module
// loader before anything else, about 13 ms of every command; the builds it runs load as before.
'use strict';
const { accessSync, constants: fsConstants, readdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { fileURLToPath, pathToFileURL } = require('node:url');
const { constants, Script } = require('node:vm');

const here = pathToFileURL(__filename);
const modules = new URL('../dist/cli/main.js', here);
const compiled = statSync(modules, { throwIfNoEntry: false });
const fresh = (url) => {
  const built = statSync(url, { throwIfNoEntry: false });
  return built && (!compiled || built.mtimeMs >= compiled.mtimeMs);
};

/** No command (the dashboard), an option first (a dashboard flag, perhaps) or the demo: not headless. */
function isHeadless(argv) {
  const first = argv[2];
  if (first === '--version' || first === '-V' || first === '--help' || first === '-h') return true;
  return first !== undefined && !first.startsWith('-') && first !== 'demo';
}

function headlessBuild() {
  const dir = new URL('../dist/headless/', here);
  let name;
  try {
    name = readdirSync(dir).find((f) => /^headless-[\w-]+\.cjs$/.test(f));
  } catch {
    return undefined;
  }
  const url = name && new URL(name, dir);
  return url && fresh(url) ? fileURLToPath(url) : undefined;
}

/** Runs the headless build as a script, with the code cache beside it when V8 accepts it. */
function runHeadless(file) {
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: this run writes it.
  }
  // The build is ASCII (scripts/build-bundle.mjs checks it), so latin1 reads it as UTF-8 would, in a
  // copy instead of a decode: 0.3 ms against 6 ms for the 1.4 MB.
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'latin1')}\n})`;
  const script = new Script(source, { filename: file, cachedData, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  if (!cachedData || script.cachedDataRejected) {
    // At exit the cache also holds every function this run compiled. A folder we may not write to
    // (a system-wide install) just means no cache.
    process.once('exit', () => {
      try {
        accessSync(dirname(file), fsConstants.W_OK);
        const partial = `${cacheFile}.${process.pid}`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
      } catch {
        // Not writable: every run compiles, as without a cache.
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
}

const headless = isHeadless(process.argv) ? headlessBuild() : undefined;
if (headless) {
  runHeadless(headless);
} else {
  const split = new URL('../dist/app/oncall.mjs', here);
  const single = new URL('../dist/oncall.mjs', here);
  // A failure to load is thrown as an unhandled rejection: Node prints it and exits with 1.
  import(fresh(split) ? split.href : fresh(single) ? single.href : modules.href);
}
