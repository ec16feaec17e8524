import { readFileSync } from 'node:fs';
import { getHeapCodeStatistics, getHeapStatistics } from 'node:v8';

/**
 * Where a process's private memory sits (Linux, MB), to say what grows when RSS does:
 * - v8: pages V8 has for its heap and code, as it counts them (total_physical_size);
 * - zones: what V8 itself took with malloc (its compilers' zones, malloced_memory);
 * - brk: the main malloc arena ([heap] in /proc/self/smaps: node, libuv, http-parser, V8's zones);
 * - anon: the other anonymous mappings (V8's pages, malloc's thread arenas, thread stacks);
 * - other: anon + brk less what V8 says it holds: malloc's share, near enough.
 */
export interface NativeParts {
  v8: number;
  zones: number;
  code: number;
  brk: number;
  anon: number;
  other: number;
}

/** RSS split as the kernel counts it (Linux): private memory, and pages of files (node's binary, ICU data) that are shared and can be dropped. */
export function rssParts(): { anon: number; file: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1e3;
  return { anon: kb('RssAnon'), file: kb('RssFile') + kb('RssShmem') };
}

export function nativeParts(): NativeParts {
  const h = getHeapStatistics();
  const c = getHeapCodeStatistics();
  let brk = 0;
  let anon = 0;
  let name = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      name = head[1] ?? '';
      continue;
    }
    const m = /^Anonymous:\s+(\d+) kB/.exec(line);
    if (!m) continue;
    const mb = Number(m[1]) / 1e3;
    if (name === '[heap]') brk += mb;
    else if (name === '') anon += mb;
  }
  const v8 = h.total_physical_size / 1e6;
  return { v8, zones: h.malloced_memory / 1e6, code: (c.code_and_metadata_size + c.bytecode_and_metadata_size) / 1e6, brk, anon, other: brk + anon - v8 };
}
