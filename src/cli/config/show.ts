import type { ContextConfig } from '../../domain/config.js';
import { displayUrl } from '../checks.js';
import type { EffectiveContext } from './effective.js';
import { INLINE_SECRET_KEYS, SECRET_HEADER } from './permissions.js';
import { shownCommand } from './secrets.js';


function redactValue(key: string, value: unknown, inHeaders: boolean): unknown {
  if (typeof value === 'string') {
    if (INLINE_SECRET_KEYS.has(key) || (inHeaders && SECRET_HEADER.test(key))) return 'REDACTED';
    if (key.endsWith('_command')) return shownCommand(value);
    if (key === 'url' || key === 'urls' || key.endsWith('_url')) return displayUrl(value);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => (key === 'urls' ? redactValue('url', v, false) : redactValue('', v, false)));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(k, v, key === 'headers')]));
  }
  return value;
}

/** The effective context with every inline secret and secret-looking header replaced by REDACTED. */
export function redactContext(ctx: ContextConfig): ContextConfig {
  return redactValue('', ctx, false) as ContextConfig;
}

export interface ShownConfig {
  context: string;
  config_path: string;
  config_file_exists: boolean;
  read_only_reason?: string;
  settings: ContextConfig;
}

export function shownConfig(eff: EffectiveContext): ShownConfig {
  return {
    context: eff.name,
    config_path: eff.configPath,
    config_file_exists: eff.fileExists,
    ...(eff.readOnlyReason ? { read_only_reason: eff.readOnlyReason } : {}),
    settings: redactContext(eff.context),
  };
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return /^[\w./@:~+-][\w ./@:~+-]*$/.test(v) && !/:\s|\s$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

/** A YAML-looking rendering for people; scripts use -o json. */
export function renderYamlish(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []\n';
    return `\n${value.map((v) => `${indent}- ${typeof v === 'object' && v !== null ? JSON.stringify(v) : scalar(v)}\n`).join('')}`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return ' {}\n';
    return `\n${entries.map(([k, v]) => `${indent}${k}:${typeof v === 'object' && v !== null ? renderYamlish(v, `${indent}  `) : ` ${scalar(v)}\n`}`).join('')}`;
  }
  return ` ${scalar(value)}\n`;
}

export function renderShown(shown: ShownConfig): string {
  const head = [
    `# context ${shown.context} from ${shown.config_path}${shown.config_file_exists ? '' : ' (no file: environment and flags only)'}`,
    ...(shown.read_only_reason ? [`# read-only: ${shown.read_only_reason}`] : []),
  ];
  return `${head.join('\n')}${renderYamlish(shown.settings)}`;
}
