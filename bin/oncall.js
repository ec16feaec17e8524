#!/usr/bin/env node
// Prefer the split build (dist/app/): a headless command reads and compiles only the CLI's chunks,
// not the dashboard's or the demo's, and any build starts in about half the time of the hundreds of
// modules under dist/ and node_modules/ (`npm run bench -- startup`). Then the single file
// (dist/oncall.mjs), then the tsc output. A build is used only when at least as new as the tsc output,
// so a `tsc` run alone is never shadowed by a stale bundle. Each starts the CLI from its own top level
// (see isEntryPoint in src/cli/main.ts).
import { statSync } from 'node:fs';

const modules = new URL('../dist/cli/main.js', import.meta.url);
const compiled = statSync(modules, { throwIfNoEntry: false });
const fresh = (url) => {
  const built = statSync(url, { throwIfNoEntry: false });
  return built && (!compiled || built.mtimeMs >= compiled.mtimeMs);
};
const split = new URL('../dist/app/oncall.mjs', import.meta.url);
const single = new URL('../dist/oncall.mjs', import.meta.url);
await import(fresh(split) ? split.href : fresh(single) ? single.href : modules.href);
