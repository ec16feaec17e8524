import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadMarkdown } from '../../domain/runbook/markdown.js';
import { parseRunbook } from '../../domain/runbook/parse.js';
import type { Runbook, RunbookAttempt } from '../../domain/runbook/types.js';
import { RUNBOOK_MAX_BYTES } from './fetch.js';

export interface LocalFound {
  attempts: RunbookAttempt[];
  found?: { path: string; runbook: Runbook };
}

/** The entry of `dir` whose name equals `name` ignoring case (exact case first). */
async function entryNamed(dir: string, name: string, want: 'file' | 'dir'): Promise<string | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  const lower = name.toLowerCase();
  const matches = names.filter((n) => n.toLowerCase() === lower).sort((a, b) => Number(b === name) - Number(a === name));
  for (const n of matches) {
    // stat, not the dirent type: runbook folders are often symlinks into a git checkout.
    const s = await stat(join(dir, n)).catch(() => undefined);
    if (s && (want === 'file' ? s.isFile() : s.isDirectory())) return join(dir, n);
  }
  return undefined;
}

async function read(path: string): Promise<Runbook | string> {
  try {
    const s = await stat(path);
    if (s.size > RUNBOOK_MAX_BYTES) return `${path} is too large for a runbook (${s.size} bytes)`;
    const text = await readFile(path, 'utf8');
    await loadMarkdown();
    return parseRunbook(text, 'markdown');
  } catch (err) {
    return `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

/**
 * Looks in each runbook folder for `<name>.md`, then `<name>/README.md`, both case-insensitive.
 * Names are only compared with directory entries, never joined into a path unchecked, so an
 * alertname such as "../x" cannot reach outside the folders.
 */
export async function findLocalRunbook(folders: string[], name: string): Promise<LocalFound> {
  const attempts: RunbookAttempt[] = [];
  for (const folder of folders) {
    const exists = await stat(folder).then((s) => s.isDirectory(), () => false);
    if (!exists) {
      attempts.push({ kind: 'folder', location: folder, outcome: 'skipped', message: 'not a readable folder' });
      continue;
    }
    const file = await entryNamed(folder, `${name}.md`, 'file');
    const dir = file ? undefined : await entryNamed(folder, name, 'dir');
    const readme = dir ? await entryNamed(dir, 'README.md', 'file') : undefined;
    const path = file ?? readme;
    if (!path) {
      attempts.push({ kind: 'folder', location: folder, outcome: 'not_found', message: `no ${name}.md or ${name}/README.md` });
      continue;
    }
    const runbook = await read(path);
    if (typeof runbook === 'string') {
      attempts.push({ kind: 'folder', location: path, outcome: 'failed', message: runbook });
      continue;
    }
    attempts.push({ kind: 'folder', location: path, outcome: 'ok', message: 'found' });
    return { attempts, found: { path, runbook } };
  }
  return { attempts };
}
