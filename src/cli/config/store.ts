/**
 * The config file. Reading is plain fs and JSON (every command reads it, so it must be cheap);
 * writing goes through conf (atomic write, mode 0600), which is loaded only when a command writes.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { validateConfig, type ConfigFile, type ValidatedConfig } from '../../domain/config.js';
import { OncallError } from '../../domain/errors.js';
import { CONFIG_FILE_MODE, CONFIG_DIR_MODE, configFilePath } from './path.js';
import { checkNotTampered, readableSecretWarning } from './permissions.js';

/** The file's text: two-space JSON and a final newline, however it is written. */
const serialize = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export interface ConfigStore {
  readonly path: string;
  exists(): boolean;
  /**
   * Parsed and validated; throws a 'config' OncallError naming the file, also when someone else
   * could have changed it (permissions.ts). `exposed` warns of a secret inline in a file others read.
   */
  read(): ValidatedConfig & { exposed?: string };
  /** Validates, writes with mode 0600 and makes sure the mode stuck. */
  write(config: ConfigFile): Promise<void>;
}

export function openConfigStore(dir?: string): ConfigStore {
  const path = configFilePath(dir);
  const hint = `fix or remove ${path}, or run \`oncall config init\``;
  /** The file's JSON, or the parse error; undefined when there is no file. */
  const load = (): { value: unknown } | { error: string } | undefined => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new OncallError('config', `cannot read ${path}: ${(err as Error).message}`, { hint: 'check the file and its permissions' });
    }
    try {
      return { value: JSON.parse(text) as unknown };
    } catch (err) {
      return { error: (err as Error).message };
    }
  };

  return {
    path,
    exists: () => existsSync(path),
    read() {
      const loaded = load();
      if (!loaded) return validateConfig({});
      // Before anything in it is believed: it names the commands that print our secrets.
      const file = checkNotTampered(path, 'config file');
      if ('error' in loaded) throw new OncallError('config', `${path} is not valid JSON: ${loaded.error}`, { hint });
      try {
        const exposed = file && readableSecretWarning(path, file.mode, loaded.value);
        return { ...validateConfig(loaded.value), ...(exposed ? { exposed } : {}) };
      } catch (err) {
        if (err instanceof OncallError) throw new OncallError('config', `${path}: ${err.message}`, { hint: err.hint });
        throw err;
      }
    },
    async write(config) {
      const loaded = load();
      if (loaded && 'error' in loaded) throw new OncallError('config', `refusing to overwrite ${path}: it is not valid JSON (${loaded.error})`, { hint });
      const { config: valid } = validateConfig(config);
      // conf would make the folder with the umask's mode (0755, or 0777 under umask 000); the audit
      // file lives there too. mkdir applies the umask as well, so 0700 is at most 0700.
      mkdirSync(dirname(path), { recursive: true, mode: CONFIG_DIR_MODE });
      const { default: Conf } = await import('conf');
      const conf = new Conf<Record<string, unknown>>({
        projectName: 'oncall',
        cwd: dirname(path),
        configFileMode: CONFIG_FILE_MODE,
        serialize,
        // Only reached for a file that load() just parsed; a file changed in between is replaced.
        deserialize: (text) => {
          try {
            return JSON.parse(text) as Record<string, unknown>;
          } catch {
            return {};
          }
        },
      });
      conf.store = valid as Record<string, unknown>;
      // The mode option only applies to newly created files; a file made wider by hand is narrowed.
      if ((statSync(path).mode & 0o777) !== CONFIG_FILE_MODE) chmodSync(path, CONFIG_FILE_MODE);
    },
  };
}

/**
 * Writes the config into a directory made for it (`oncall demo`'s mkdtemp): there is no earlier file
 * to keep or replace atomically, so conf (and the ajv it loads, 30 ms) is not needed. Refuses to
 * replace a file that is there.
 */
export async function writeNewConfig(dir: string, config: ConfigFile): Promise<string> {
  const { config: valid } = validateConfig(config);
  const path = configFilePath(dir);
  await writeFile(path, serialize(valid), { mode: CONFIG_FILE_MODE, flag: 'wx' });
  return path;
}
