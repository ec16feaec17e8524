import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

/**
 * The single file (dist/oncall.mjs) holds ink, whose yoga loads with a top-level await: esbuild then
 * makes every module on the way to it an async initialiser, and two of them that import each other
 * wait on each other forever. The dashboard then shows a blank screen and the process ends with
 * exit 0 (Header.tsx ⇄ FleetHealth.tsx did this). Type-only imports vanish at build time and may loop.
 */
const RUNTIME_IMPORT = /^(?:import|export)\s+(?!type\b)(?:[^;'"]*?\s+from\s+)?'(\.[^']+)';?/gm;

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function target(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => existsSync(p));
}

export function runtimeImports(path: string, source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(RUNTIME_IMPORT)) {
    // `import { type A, type B } from` is type-only too.
    const names = /\{([^}]*)\}/.exec(m[0])?.[1];
    if (names && !/^\s*import\s+\w/.test(m[0]) && names.split(',').every((n) => /^\s*(type\s|$)/.test(n))) continue;
    const t = target(path, m[1]!);
    if (t) out.push(t);
  }
  return out;
}

export function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (node: string): void => {
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (onStack.has(next)) found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!done.has(next)) visit(next);
    }
    stack.pop();
    onStack.delete(node);
    done.add(node);
  };
  for (const node of graph.keys()) if (!done.has(node)) visit(node);
  return found;
}

describe('import cycles', () => {
  it('no module of src/ imports itself back through others (the single-file dashboard would hang blank)', async () => {
    const graph = new Map<string, string[]>();
    for (const path of await files(SRC)) graph.set(path, runtimeImports(path, await readFile(path, 'utf8')));
    const found = cycles(graph).map((c) => c.map((p) => relative(SRC, p)).join(' → '));
    expect(found).toEqual([]);
  });

  it('finds a cycle when there is one, and skips type-only imports', () => {
    const a = join(SRC, 'ui/components/Header.tsx');
    const b = join(SRC, 'ui/components/FleetHealth.tsx');
    expect(runtimeImports(b, "import { healthText } from './Header.js';\n")).toEqual([a]);
    expect(runtimeImports(b, "import type { X } from './Header.js';\nimport { type Y } from './Header.js';\n")).toEqual([]);
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual([[a, b, a]]);
  });
});
