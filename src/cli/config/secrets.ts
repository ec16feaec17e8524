import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { OncallError } from '../../domain/errors.js';
import { redactText } from '../../sources/errors.js';
import { expandHome } from './path.js';
import { checkNotTampered } from './permissions.js';

/** A secret read only when asked for (a `pass show` may prompt), at most once per process. */
export interface Secret {
  get(): Promise<string>;
  /** Where it comes from, safe to print: "env PAGERDUTY_API_TOKEN", "file ~/.pd", "command pass show pd". */
  readonly source: string;
}

export const COMMAND_TIMEOUT_MS = 10_000;

// Keyed by source: two contexts using the same `pass show` entry prompt once.
const memo = new Map<string, Promise<string>>();

/** For tests: forget every resolved secret. */
export function clearSecretCache(): void {
  memo.clear();
}

function memoised(key: string, load: () => Promise<string>): Promise<string> {
  let p = memo.get(key);
  if (!p) {
    p = load();
    memo.set(key, p);
    // A failure is not remembered: the user may fix it (unlock the store) and retry.
    p.catch(() => memo.delete(key));
  }
  return p;
}

function nonEmpty(value: string, what: string, hint: string): string {
  if (value === '') throw new OncallError('config', `${what} is empty`, { hint });
  return value;
}

/**
 * A `*_command` as it may be shown: the program, without its arguments, which can hold a secret
 * (`--password=…`). Leading `NAME=value` assignments are left out for the same reason.
 */
export function shownCommand(command: string): string {
  const words = command.trim().split(/\s+/);
  const start = words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  const program = start < 0 ? '' : words[start]!.replace(/^['"]|['"]$/g, '');
  const hidden = words.length - Math.max(start, 0) > 1 || start > 0;
  return redactText(`${program || 'REDACTED'}${hidden ? ' [arguments hidden]' : ''}`);
}

function runCommand(command: string, label: string, key: string, env: NodeJS.ProcessEnv): Promise<string> {
  const shown = `\`${shownCommand(command)}\``;
  const hint = `run it yourself to see what is wrong, or change ${key}_command in your config`;
  return new Promise((resolve, reject) => {
    // stdin is the terminal only when there is one, so a password prompt can be answered; stdout is
    // the secret; stderr is dropped because we cannot know it is free of secrets.
    const child = spawn('/bin/sh', ['-c', command], {
      env,
      stdio: [process.stdin.isTTY ? 'inherit' : 'ignore', 'pipe', 'ignore'],
      timeout: COMMAND_TIMEOUT_MS,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(new OncallError('config', `${label} command ${shown} could not start (${err.code ?? 'error'})`, { hint })),
    );
    child.on('close', (code, signal) => {
      if (signal === 'SIGTERM' && code === null) {
        reject(new OncallError('config', `${label} command ${shown} did not finish within ${COMMAND_TIMEOUT_MS / 1000} s`, { hint }));
      } else if (code !== 0) {
        reject(new OncallError('config', `${label} command ${shown} failed (${code === null ? `signal ${signal}` : `exit ${code}`})`, { hint }));
      } else {
        try {
          resolve(nonEmpty(out.trim(), `the output of ${label} command ${shown}`, hint));
        } catch (err) {
          reject(err);
        }
      }
    });
  });
}

async function readSecretFile(path: string, label: string, key: string): Promise<string> {
  const hint = `check ${key}_file in your config (\`oncall config path\`)`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new OncallError('config', `cannot read ${label} file ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { hint });
  }
  checkNotTampered(path, `${label} file`);
  return nonEmpty(text.replace(/[\r\n]+$/, ''), `${label} file ${path}`, hint);
}

/**
 * The secret given under `key` in a config section as `key`, `key_env`, `key_file` or `key_command`
 * (validation already made sure there is at most one). `label` names it in errors: "pagerduty token".
 */
export function secretFrom(
  section: object,
  key: string,
  label: string,
  env: NodeJS.ProcessEnv,
): Secret | undefined {
  const s = section as Record<string, unknown>;
  const inline = s[key];
  const envName = s[`${key}_env`];
  const file = s[`${key}_file`];
  const command = s[`${key}_command`];
  if (typeof envName === 'string') {
    return {
      source: `env ${envName}`,
      get: async () => {
        const value = env[envName];
        if (value === undefined || value === '') {
          throw new OncallError('config', `${label}: environment variable ${envName} is not set`, {
            hint: `export ${envName}=…, or change ${key}_env in your config`,
          });
        }
        return value;
      },
    };
  }
  if (typeof file === 'string') {
    const path = expandHome(file, env);
    return { source: `file ${file}`, get: () => memoised(`file ${path}`, () => readSecretFile(path, label, key)) };
  }
  if (typeof command === 'string') {
    return { source: `command ${shownCommand(command)}`, get: () => memoised(`command ${command}`, () => runCommand(command, label, key, env)) };
  }
  if (typeof inline === 'string') return { source: 'inline in the config file', get: async () => inline };
  return undefined;
}

/** A secret that is required but was not configured: fails only when someone needs it. */
export function missingSecret(label: string, hint: string): Secret {
  return {
    source: 'not configured',
    get: async () => {
      throw new OncallError('config', `no ${label} configured`, { hint });
    },
  };
}
