import { chmodSync, existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import Conf from 'conf';
import { validateConfig, type ConfigFile, type ValidatedConfig } from '../../domain/config.js';
import { OncallError } from '../../domain/errors.js';

/** The file may hold inline secrets: only its owner reads it. */
export const CONFIG_FILE_MODE = 0o600;

/** --config-dir beats ONCALL_CONFIG_DIR beats the XDG default that conf picks. */
export function resolveConfigDir(flags: { configDir?: string }, env: NodeJS.ProcessEnv): string | undefined {
  const dir = flags.configDir ?? env.ONCALL_CONFIG_DIR;
  return dir ? expandHome(dir, env) : undefined;
}

export function expandHome(path: string, env: NodeJS.ProcessEnv = process.env): string {
  if (path === '~' || path.startsWith('~/')) return (env.HOME ?? homedir()) + path.slice(1);
  return path;
}

export interface ConfigStore {
  readonly path: string;
  exists(): boolean;
  /** Parsed and validated; throws a 'config' OncallError naming the file. */
  read(): ValidatedConfig;
  /** Validates, writes with mode 0600 and makes sure the mode stuck. */
  write(config: ConfigFile): void;
}

export function openConfigStore(dir?: string): ConfigStore {
  // conf reads the file in its constructor; a file that is not JSON is remembered here and reported
  // by read(), so that `oncall config path` still works on a broken file.
  let parseError: string | undefined;
  const conf = new Conf<Record<string, unknown>>({
    projectName: 'oncall',
    // conf's default suffix would make the directory "oncall-nodejs"; users look for "oncall".
    projectSuffix: '',
    ...(dir ? { cwd: dir } : {}),
    configFileMode: CONFIG_FILE_MODE,
    serialize: (value) => `${JSON.stringify(value, null, 2)}\n`,
    deserialize: (text) => {
      try {
        parseError = undefined;
        return JSON.parse(text) as Record<string, unknown>;
      } catch (err) {
        parseError = (err as Error).message;
        return {};
      }
    },
  });
  const path = conf.path;
  const hint = `fix or remove ${path}, or run \`oncall config init\``;

  return {
    path,
    exists: () => existsSync(path),
    read() {
      const raw = conf.store; // re-reads the file
      if (parseError) throw new OncallError('config', `${path} is not valid JSON: ${parseError}`, { hint });
      try {
        return validateConfig(raw);
      } catch (err) {
        if (err instanceof OncallError) throw new OncallError('config', `${path}: ${err.message}`, { hint: err.hint });
        throw err;
      }
    },
    write(config) {
      if (existsSync(path)) {
        void conf.store;
        if (parseError) throw new OncallError('config', `refusing to overwrite ${path}: it is not valid JSON (${parseError})`, { hint });
      }
      const { config: valid } = validateConfig(config);
      conf.store = valid as Record<string, unknown>;
      // The mode option only applies to newly created files; a file made wider by hand is narrowed.
      if ((statSync(path).mode & 0o777) !== CONFIG_FILE_MODE) chmodSync(path, CONFIG_FILE_MODE);
    },
  };
}
