import { statSync, type Stats } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { OncallError } from '../../domain/errors.js';

/**
 * The config file names commands oncall runs (`token_command`) and where secrets come from; a secret
 * file is sent as a credential. Like ssh, refuse either when someone else could have changed it:
 * writable by group or others, in a folder others can write to (without the sticky bit), or owned by
 * another user. Root-owned files are fine: secret mounts (/run/secrets) are root's.
 */
export function checkNotTampered(path: string, what: string, uid = process.getuid?.()): Stats | undefined {
  if (uid === undefined) return undefined; // Windows: no owner and mode bits to go by
  const file = statSync(path);
  refuseForeign(file, path, what, uid);
  refuseWritable(file, path, `${what} ${path}`, path);
  const dir = dirname(path);
  const folder = statSync(dir);
  if ((folder.mode & 0o1000) === 0) refuseWritable(folder, dir, `the folder of ${what} ${path}`, dir);
  return file;
}

function refuseForeign(st: Stats, path: string, what: string, uid: number): void {
  if (st.uid === uid || st.uid === 0) return;
  const me = userInfo().username;
  throw new OncallError('config', `refusing ${what} ${path}: it belongs to another user (uid ${st.uid}), who could make oncall run their commands or send their credentials`, {
    hint: `use a file of your own, or take it over: sudo chown ${me} ${path}`,
  });
}

function refuseWritable(st: Stats, path: string, what: string, fix: string): void {
  const by = [st.mode & 0o020 ? 'group' : '', st.mode & 0o002 ? 'others' : ''].filter(Boolean).join(' and ');
  if (!by) return;
  throw new OncallError('config', `refusing ${what}: it is writable by ${by} (mode ${octal(st.mode)}), who could make oncall run their commands or send their credentials`, {
    hint: `chmod go-w ${fix}`,
  });
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/** Keys whose value is the secret itself; a header that looks like one counts too. */
export const INLINE_SECRET_KEYS = new Set(['token', 'password', 'bearer_token']);
export const SECRET_HEADER = /authorization|token|secret|password|key|cookie/i;

/** Where the parsed config holds a secret inline, as dotted paths ("contexts.prod.pagerduty.token"). */
export function inlineSecrets(value: unknown, at = '', inHeaders = false): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const here = at ? `${at}.${key}` : key;
    if (typeof v === 'string') return INLINE_SECRET_KEYS.has(key) || (inHeaders && SECRET_HEADER.test(key)) ? [here] : [];
    return inlineSecrets(v, here, key === 'headers');
  });
}

/** The warning for a config file others can read (`mode`) while it holds a secret inline; undefined when it is fine. */
export function readableSecretWarning(path: string, mode: number, config: unknown): string | undefined {
  if ((mode & 0o044) === 0) return undefined;
  const places = inlineSecrets(config);
  if (places.length === 0) return undefined;
  const by = [mode & 0o040 ? 'group' : '', mode & 0o004 ? 'others' : ''].filter(Boolean).join(' and ');
  return `${path} is readable by ${by} (mode ${octal(mode)}) and holds a secret inline (${places.join(', ')}): chmod 600 ${path}, or move it to a *_env, *_file or *_command setting`;
}
