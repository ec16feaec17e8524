import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** bin/oncall.js's second line: the shell's, which starts node. */
function launchLine(bin: string): string {
  return readFileSync(bin, 'utf8').split('\n')[1] ?? '';
}

/**
 * The node flags bin/oncall.js starts node with when run as a command (its second line, the shell's),
 * so that a bench that runs the dashboard in its own process measures it with them.
 */
export function shippedNodeFlags(bin = resolve('bin/oncall.js')): string[] {
  const line = launchLine(bin);
  const m = /exec node((?: --[\w-]+(?:=\S+)?)*) "\$0" "\$@"/.exec(line);
  if (!m) throw new Error(`${bin}: its second line no longer starts node as expected: ${line}`);
  return m[1]!.trim().split(' ').filter(Boolean);
}

/**
 * The environment bin/oncall.js's second line gives node (`NAME="${NAME:-default}"` before its exec):
 * the default, or the value already set, as the shell would leave it.
 */
export function shippedEnv(env: NodeJS.ProcessEnv = process.env, bin = resolve('bin/oncall.js')): Record<string, string> {
  const line = launchLine(bin);
  const out: Record<string, string> = {};
  for (const m of line.matchAll(/(\w+)="\$\{\1:-([^}]*)\}"/g)) out[m[1]!] = env[m[1]!] || m[2]!;
  return out;
}
