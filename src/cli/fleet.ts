import { DEFAULT_PAGERDUTY_URL, type ConfigFile, type ContextConfig } from '../domain/config.js';
import { EXIT_USAGE, readExitCode } from '../domain/exit.js';
import { OncallError } from '../domain/errors.js';
import { effectivePagerDuty } from './config/effective.js';
import { openConfigStore } from './config/store.js';
import { resolveConfigDir } from './config/path.js';
import type { GlobalFlags } from './flags.js';
import { capture, mergeJson, mergeText, type Answer } from './fleetOutput.js';
import type { Io } from './io.js';
import { tableWidth } from './output.js';

/**
 * Headless commands across several contexts (`--context a,b`, `--fleet prod`): the command runs once
 * per context, in-process and concurrently, and the answers are merged. A context that fails is named
 * on stderr while the others still answer.
 */
export const FLEET_COMMANDS = ['alerts', 'incidents', 'silences', 'slo', 'status'] as const;

export interface FleetRequest {
  names: string[];
  /** argv without --context/--fleet. */
  rest: string[];
  /** No command was named: open the dashboard over these contexts. */
  dashboard?: boolean;
}

type RunOne = (argv: string[], io: Io) => Promise<number>;

function usage(message: string, hint?: string): OncallError {
  return new OncallError('usage', message, { hint });
}

/** The option's value and argv without it, for `--name v`, `--name=v` and the alias. */
function take(argv: string[], flags: string[]): { value?: string; rest: string[] } {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = flags.find((f) => a.startsWith(`${f}=`));
    if (eq) value = a.slice(eq.length + 1);
    else if (flags.includes(a) && i + 1 < argv.length) value = argv[++i];
    else rest.push(a);
  }
  return { ...(value !== undefined ? { value } : {}), rest };
}

export function readConfig(argv: string[], env: NodeJS.ProcessEnv): ConfigFile {
  const dir = take(argv, ['--config-dir']).value;
  const store = openConfigStore(resolveConfigDir(dir ? { configDir: dir } : {}, env));
  return store.exists() ? store.read().config : {};
}

/**
 * PROMETHEUS_URL and ALERTMANAGER_URL override the context in use; over several they would send every
 * context's queries and silences to one server, under each context's name.
 */
export function refuseUrlEnvironment(env: NodeJS.ProcessEnv): void {
  const set = ['PROMETHEUS_URL', 'ALERTMANAGER_URL'].filter((k) => env[k]);
  if (set.length) throw usage(`${set.join(' and ')} ${set.length > 1 ? 'override' : 'overrides'} one context, not several`, `unset ${set.join(' and ')} (\`env -u ${set[0]} oncall …\`), or set the URLs in each context of the config`);
}

/** The global options that take a value (`-o json`): the value is not the command. */
const VALUE_OPTIONS = [['--output', '-o'], ['--config-dir'], ['--prometheus-url'], ['--alertmanager-url'], ['--pagerduty-url']];

/** The command word of argv: the first word that is neither an option nor a global option's value. */
function commandOf(argv: string[]): string | undefined {
  let rest = argv;
  for (const names of VALUE_OPTIONS) rest = take(rest, names).rest;
  return rest.find((a) => !a.startsWith('-'));
}

/** Undefined when the invocation names one context (or none): the ordinary path. */
export function fleetRequest(argv: string[], env: NodeJS.ProcessEnv): FleetRequest | undefined {
  const ctx = take(argv, ['--context', '-c']);
  const fleet = take(ctx.rest, ['--fleet']);
  if (fleet.value === undefined && !ctx.value?.includes(',')) return undefined;
  if (fleet.value !== undefined && ctx.value !== undefined) throw usage('give --context or --fleet, not both');
  let names: string[];
  if (fleet.value !== undefined) {
    const fleets = readConfig(argv, env).fleets ?? {};
    names = fleets[fleet.value] ?? [];
    if (names.length === 0) {
      const known = Object.keys(fleets);
      throw usage(`unknown fleet "${fleet.value}"${known.length ? ` (known: ${known.join(', ')})` : ''}`, 'add it under fleets: in the config, e.g. "fleets": {"prod": ["prod-eu", "prod-us"]}');
    }
  } else names = ctx.value!.split(',').map((n) => n.trim()).filter(Boolean);
  names = [...new Set(names)];
  if (fleet.rest.some((a) => /^--(prometheus|alertmanager)-url(=|$)/.test(a))) {
    throw usage('--prometheus-url and --alertmanager-url override one context, not several', 'set the URLs in each context of the config');
  }
  refuseUrlEnvironment(env);
  // No command: the dashboard, over every context at once.
  const command = commandOf(fleet.rest);
  if (command === undefined) return { names, rest: fleet.rest, dashboard: true };
  if (!(FLEET_COMMANDS as readonly string[]).includes(command)) {
    throw usage(`several contexts at once work with ${FLEET_COMMANDS.join(', ')} and the dashboard`, 'name one context for anything else');
  }
  return { names, rest: fleet.rest };
}

/**
 * Which PagerDuty account a context of `config` uses: its URL and token source once the environment
 * and the flags are laid over the file, as its own run lays them (effectivePagerDuty). Undefined
 * without PagerDuty, or for a context the config lacks or a URL it cannot use: its own run says why.
 */
export function pagerDutyAccount(config: ConfigFile, name: string, flags: Pick<GlobalFlags, 'pagerdutyUrl'>, env: NodeJS.ProcessEnv): string | undefined {
  const contexts = config.contexts ?? {};
  if (!Object.hasOwn(contexts, name)) return undefined;
  let pd: ContextConfig['pagerduty'];
  try {
    pd = effectivePagerDuty(contexts[name]!.pagerduty, flags, env);
  } catch {
    return undefined;
  }
  return pd ? JSON.stringify([pd.url ?? DEFAULT_PAGERDUTY_URL, pd.token_env, pd.token_file, pd.token_command, pd.token]) : undefined;
}

/**
 * The contexts by PagerDuty account (same URL and token source), in listed order: one run per account
 * answers for all of them. A context without PagerDuty, or whose config cannot be read, is alone.
 */
function pagerDutyAccounts(names: string[], argv: string[], env: NodeJS.ProcessEnv): string[][] {
  let config: ConfigFile;
  try {
    config = readConfig(argv, env);
  } catch {
    return names.map((n) => [n]); // a config that cannot be read: each context's run says so
  }
  const flags = { pagerdutyUrl: take(argv, ['--pagerduty-url']).value };
  const byAccount = new Map<string, string[]>();
  const groups: string[][] = [];
  for (const name of names) {
    const key = pagerDutyAccount(config, name, flags, env);
    const group = key === undefined ? undefined : byAccount.get(key);
    if (group) group.push(name);
    else {
      const fresh = [name];
      groups.push(fresh);
      if (key !== undefined) byAccount.set(key, fresh);
    }
  }
  return groups;
}

/** A run that read what it was asked (a breach is an answer too). */
const answered = (code: number) => code === 0 || code === 3 || code === 4;

function outputOf(argv: string[]): string {
  return take(argv, ['--output', '-o']).value ?? 'table';
}

export async function runFleet(req: FleetRequest, io: Io, runOne: RunOne): Promise<number> {
  const command = commandOf(req.rest)!;
  // incidents: one run per PagerDuty account. When the first context of an account fails on its own
  // (its config, its token), the next one of that account is asked, so their incidents are not lost.
  const groups = command === 'incidents' ? pagerDutyAccounts(req.names, req.rest, io.env) : req.names.map((n) => [n]);
  const width = Math.max(7, ...req.names.map((n) => n.length));
  const columns = io.stdout.columns ? Math.max(40, io.stdout.columns - width - 2) : undefined;
  const runIn = async (name: string): Promise<Answer> => {
    const c = capture(io, columns);
    const code = await runOne([...req.rest, '--context', name], c.io);
    return { name, code, parts: c.parts, err: c.err() };
  };
  const tried = await Promise.all(
    groups.map(async (group) => {
      const runs: Answer[] = [];
      for (const name of group) {
        const a = await runIn(name);
        runs.push(a);
        if (answered(a.code)) break;
      }
      return runs;
    }),
  );
  // Only the run that answered shows rows; a failed one before it is still named on stderr.
  const answers: Answer[] = tried.flatMap((runs) => runs.map((a, i) => (i < runs.length - 1 ? { ...a, parts: [] } : a)));
  for (const a of answers) {
    for (const line of a.err.split('\n').filter(Boolean)) io.stderr.write(`${a.name}: ${line}\n`);
  }
  if (outputOf(req.rest) === 'json') io.stdout.write(`${JSON.stringify(mergeJson(answers), null, 2)}\n`);
  else io.stdout.write(mergeText(answers, width, tableWidth(io.stdout)));
  if (answers.every((a) => a.code === EXIT_USAGE)) return EXIT_USAGE;
  const breach = answers.some((a) => a.code === 3 || a.code === 4);
  // A usage error in some contexts only is about them (`slo NAME` where NAME is elsewhere), not a failed read.
  const failed = answers.some((a) => a.code !== 0 && a.code !== 3 && a.code !== EXIT_USAGE);
  return readExitCode({ breach, failed });
}
