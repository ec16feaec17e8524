import { checkUrl, didYouMean, validateContext, type ContextConfig } from '../../domain/config.js';
import { OncallError } from '../../domain/errors.js';
import type { GlobalFlags } from '../flags.js';
import type { Io } from '../io.js';
import { resolveConfigDir } from './path.js';
import { openConfigStore } from './store.js';

/** One context after the file, the environment and the flags were laid over each other; no secret read yet. */
export interface EffectiveContext {
  name: string;
  context: ContextConfig;
  readOnlyReason?: string;
  warnings: string[];
  configPath: string;
  /** false when env and flags alone describe the sources. */
  fileExists: boolean;
  contextNames: string[];
}

export const DEFAULT_CONTEXT = 'default';

function splitUrls(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function unknownContext(wanted: string, names: string[]): OncallError {
  if (names.length === 0) {
    return new OncallError('config', `unknown context "${wanted}": no contexts are configured`, {
      hint: `create it with \`oncall config init --name ${wanted}\``,
    });
  }
  const guess = didYouMean(wanted, names);
  return new OncallError('config', `unknown context "${wanted}" (known: ${names.join(', ')})${guess ? `; did you mean ${guess}?` : ''}`, {
    hint: `pick one with --context, or add it with \`oncall config init --name ${wanted}\``,
  });
}

function chooseContext(flags: GlobalFlags, env: NodeJS.ProcessEnv, contexts: Record<string, ContextConfig>, current?: string) {
  const names = Object.keys(contexts);
  const wanted = flags.context ?? (env.ONCALL_CONTEXT || undefined) ?? current;
  if (wanted !== undefined) {
    const found = Object.hasOwn(contexts, wanted) ? contexts[wanted] : undefined;
    if (found) return { name: wanted, context: found };
    if (names.length === 0 && wanted === DEFAULT_CONTEXT) return { name: wanted, context: {} };
    throw unknownContext(wanted, names);
  }
  if (names.length === 0) return { name: DEFAULT_CONTEXT, context: {} };
  if (names.length === 1) return { name: names[0]!, context: contexts[names[0]!]! };
  throw new OncallError('config', `no current context is set and there are several (${names.join(', ')})`, {
    hint: 'pick one with --context, or set it with `oncall config use-context <name>`',
  });
}

const warned = new Set<string>();

/** A config file others can read while it holds a secret: said on every run, once (the dashboard reloads it). */
function warnOnce(path: string, warning: string, io: Pick<Io, 'stderr'> | undefined): void {
  if (!io || warned.has(path)) return;
  warned.add(path);
  io.stderr.write(`warning: ${warning}\n`);
}

/**
 * A context's PagerDuty settings as its run uses them: PAGERDUTY_API_TOKEN over whatever token form
 * the file names, --pagerduty-url (or PAGERDUTY_URL) over its URL, PAGERDUTY_FROM over its from.
 * Undefined when neither the file nor these name PagerDuty.
 */
export function effectivePagerDuty(file: ContextConfig['pagerduty'], flags: Pick<GlobalFlags, 'pagerdutyUrl'>, env: NodeJS.ProcessEnv): ContextConfig['pagerduty'] {
  let pd = file;
  if (env.PAGERDUTY_API_TOKEN) {
    // The environment wins over whatever token form the file names.
    const { token: _t, token_file: _f, token_command: _c, ...rest } = pd ?? {};
    pd = { ...rest, token_env: 'PAGERDUTY_API_TOKEN' };
  }
  const pdUrl = flags.pagerdutyUrl ?? (env.PAGERDUTY_URL || undefined);
  if (pdUrl !== undefined) {
    pd = { ...pd, url: checkUrl(pdUrl, flags.pagerdutyUrl !== undefined ? '--pagerduty-url' : 'PAGERDUTY_URL') };
  }
  if (env.PAGERDUTY_FROM) pd = { ...pd, from: env.PAGERDUTY_FROM };
  return pd;
}

/** Config file < environment < flags. With `io`, warnings about the file itself go to its stderr. */
export function effectiveContext(flags: GlobalFlags & { io?: Pick<Io, 'stderr'> }, env: NodeJS.ProcessEnv = process.env): EffectiveContext {
  const store = openConfigStore(resolveConfigDir(flags, env));
  const fileExists = store.exists();
  const read = fileExists ? store.read() : undefined;
  const file = read?.config ?? {};
  const contexts = file.contexts ?? {};
  const chosen = chooseContext(flags, env, contexts, file.current_context);
  const ctx: ContextConfig = structuredClone(chosen.context);

  const promUrl = flags.prometheusUrl ?? (env.PROMETHEUS_URL || undefined);
  if (promUrl !== undefined) {
    const where = flags.prometheusUrl !== undefined ? '--prometheus-url' : 'PROMETHEUS_URL';
    ctx.prometheus = { ...ctx.prometheus, url: checkUrl(promUrl, where) };
  }

  const amFlag = splitUrls(flags.alertmanagerUrl ?? []);
  const amUrls = amFlag.length > 0 ? amFlag : splitUrls([env.ALERTMANAGER_URL ?? '']);
  if (amUrls.length > 0) {
    const where = amFlag.length > 0 ? '--alertmanager-url' : 'ALERTMANAGER_URL';
    ctx.alertmanager = { ...ctx.alertmanager, urls: amUrls.map((u) => checkUrl(u, where)) };
  }

  const pagerduty = effectivePagerDuty(ctx.pagerduty, flags, env);
  if (pagerduty) ctx.pagerduty = pagerduty;

  let readOnlyReason: string | undefined;
  if (flags.readonly) {
    ctx.read_only = true;
    readOnlyReason = '--readonly';
  } else if (ctx.read_only) {
    readOnlyReason = 'read_only: true in config';
  }

  const { context, warnings } = validateContext(chosen.name, ctx);
  if (read?.exposed) warnOnce(store.path, read.exposed, flags.io);
  return {
    name: chosen.name,
    context,
    readOnlyReason,
    warnings,
    configPath: store.path,
    fileExists,
    contextNames: Object.keys(contexts),
  };
}
