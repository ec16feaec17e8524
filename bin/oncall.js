#!/usr/bin/env node
// Prefer the single-file build (dist/oncall.mjs): one file to read and compile starts in about half
// the time of the hundreds of modules under dist/ and node_modules/ (`npm run bench -- startup`).
// It is used only when at least as new as the tsc output, so a `tsc` run alone is never shadowed by a
// stale bundle. Both start the CLI from their own top level (see isEntryPoint in src/cli/main.ts).
import { statSync } from 'node:fs';

const bundle = new URL('../dist/oncall.mjs', import.meta.url);
const modules = new URL('../dist/cli/main.js', import.meta.url);
const bundled = statSync(bundle, { throwIfNoEntry: false });
const compiled = statSync(modules, { throwIfNoEntry: false });
await import(bundled && (!compiled || bundled.mtimeMs >= compiled.mtimeMs) ? bundle.href : modules.href);
