import { homedir } from 'node:os';
import { join } from 'node:path';
import envPaths from 'env-paths';

/** The file may hold inline secrets: only its owner reads it. */
export const CONFIG_FILE_MODE = 0o600;
/** Its folder also holds the audit file: only its owner lists, reads or writes it. */
export const CONFIG_DIR_MODE = 0o700;

/** --config-dir beats ONCALL_CONFIG_DIR beats the per-user default (configDirDefault). */
export function resolveConfigDir(flags: { configDir?: string }, env: NodeJS.ProcessEnv): string | undefined {
  const dir = flags.configDir ?? env.ONCALL_CONFIG_DIR;
  return dir ? expandHome(dir, env) : undefined;
}

export function expandHome(path: string, env: NodeJS.ProcessEnv = process.env): string {
  if (path === '~' || path.startsWith('~/')) return (env.HOME ?? homedir()) + path.slice(1);
  return path;
}

/**
 * The user's config dir, as conf would pick it (env-paths, no "-nodejs" suffix: users look for
 * "oncall"): ~/.config/oncall (or $XDG_CONFIG_HOME/oncall) on Linux. The store hands this same
 * directory to conf, so reading and writing always agree on the file.
 */
export function configDirDefault(): string {
  return envPaths('oncall', { suffix: '' }).config;
}

export function configFilePath(dir?: string): string {
  return join(dir ?? configDirDefault(), 'config.json');
}
