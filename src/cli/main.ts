import { closeSync, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { AnyCommand, CliArgs } from './command.js';
import { repeatable } from './flags.js';
import { openDashboard } from './dashboard.js';
import { exitCodeTable } from '../domain/exit.js';
import { nodeDebugRefusal, silenceDebugLoggers } from './debug-switches.js';
import { CliUsageError, oneLineUsage, reportError } from './errors.js';
import { fleetRequest, runFleet } from './fleet.js';
import { processIo, type Io } from './io.js';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function globalOptions(y: Argv): Argv<CliArgs> {
  return y
    .option('context', { alias: 'c', type: 'string', requiresArg: true, describe: 'context from the config file (default: current_context, or ONCALL_CONTEXT); a,b for several (alerts, incidents, silences, slo, status)' })
    .option('fleet', { type: 'string', requiresArg: true, describe: 'a list of contexts named under fleets: in the config (alerts, incidents, silences, slo, status)' })
    .option('config-dir', { type: 'string', requiresArg: true, describe: 'directory of config.json and audit.jsonl (or ONCALL_CONFIG_DIR)' })
    .option('prometheus-url', { type: 'string', requiresArg: true, describe: 'override the context: Prometheus URL (or PROMETHEUS_URL)' })
    .option('alertmanager-url', repeatable('override the context: Alertmanager URL, repeatable for HA peers (or ALERTMANAGER_URL, comma-separated)'))
    .option('pagerduty-url', { type: 'string', requiresArg: true, describe: 'override the context: PagerDuty API URL (or PAGERDUTY_URL)' })
    .option('readonly', { type: 'boolean', describe: 'refuse every write (silences, acks, notes)' })
    .option('output', { alias: 'o', requiresArg: true, choices: ['table', 'wide', 'json', 'md'] as const, default: 'table' as const, describe: 'output format (wide: every field whole, for silences; md: Markdown, for handover; elsewhere as table)' })
    .option('dry-run', { type: 'boolean', describe: 'print write requests (secrets redacted) instead of sending them' })
    .option('yes', { alias: 'y', type: 'boolean', describe: 'answer yes to confirmations (needed without a terminal)' })
    .option('color', { type: 'boolean', default: true, describe: 'colour output (--no-color, or set NO_COLOR)' })
    .group(['context', 'fleet', 'config-dir', 'prometheus-url', 'alertmanager-url', 'pagerduty-url', 'readonly', 'output', 'dry-run', 'yes', 'color'], 'Global options:') as unknown as Argv<CliArgs>;
}

export interface RunOptions {
  /** The commands to offer; default: the list in commands/index.ts. Tests pass just the ones they test. */
  commands?: AnyCommand[];
}

/**
 * Parses and runs one invocation. Never calls process.exit: returns the exit code (domain/exit.ts),
 * so tests run the CLI in-process with their own streams.
 */
export async function run(argv: string[], io: Io = processIo(), options: RunOptions = {}): Promise<number> {
  let commands: AnyCommand[];
  try {
    commands = options.commands ?? (await import('./commands/index.js')).commands;
  } catch (err) {
    return reportError(err, io);
  }
  try {
    const fleet = fleetRequest(argv, io.env);
    // The dashboard takes the list as one --context value and polls every context itself.
    if (fleet?.dashboard) argv = [...fleet.rest, '--context', fleet.names.join(',')];
    else if (fleet) return await runFleet(fleet, io, (args, subIo) => run(args, subIo, options));
  } catch (err) {
    return reportError(err, io);
  }
  let exitCode = 0;
  let output = '';
  const width = io.stdout.columns && io.stdout.columns > 0 ? Math.min(io.stdout.columns, 110) : 100;
  const parser = globalOptions(yargs(argv))
    .scriptName('oncall')
    .usage('$0 [command] [options]\n\nWith no command, opens the dashboard for the current context.')
    .middleware((args) => {
      (args as unknown as CliArgs).io = io;
    })
    .command(commands)
    .command('$0', false, (y) => y
      .option('ascii', { type: 'boolean', describe: 'dashboard: no box drawing or Unicode symbols (or ONCALL_ASCII=1)' })
      .option('hyperlinks', { type: 'boolean', default: true, describe: 'dashboard: OSC 8 links (--no-hyperlinks to turn off)' }), async (args) => {
      exitCode = await openDashboard(args as unknown as CliArgs);
    })
    // yargs' own `completion` command falls through to strict mode when the process does not exit,
    // so its hidden form answers the shell and this command prints the script.
    .completion('__completion', false)
    .command('completion', 'print a bash/zsh completion script (oncall completion >> ~/.bashrc)', {}, () => {
      // @types/yargs 17 omits the arguments yargs 18 takes ($0, command name).
      (parser.showCompletionScript as unknown as ($0: string, cmd: string) => void)('oncall', 'completion');
    })
    .strict()
    .recommendCommands()
    .version(version())
    .help()
    .alias('help', 'h')
    .alias('version', 'V')
    .epilogue(exitCodeTable())
    .wrap(width)
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new CliUsageError(oneLineUsage(msg));
    });
  try {
    await parser.parseAsync(argv, {}, (_err, args, out) => {
      output = out ?? '';
      // yargs keeps an epilogue to the level that set it: a subcommand's help gets the table here.
      if (args?.help && output && !output.includes(exitCodeTable())) output = `${output.trimEnd()}\n\n${exitCodeTable()}`;
    });
    if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    return exitCode;
  } catch (err) {
    return reportError(err, io);
  }
}

/** Set (to true) by scripts/build-bundle.mjs: in a bundle the CLI is always the program. */
declare const __ONCALL_BUNDLE__: boolean | undefined;

/** True when this file is the program (bin/oncall.js imports it, or `node dist/cli/main.js`), not a test's import. */
function isEntryPoint(): boolean {
  // The split build's entry is dist/app/oncall.mjs while this code sits in a chunk beside it.
  if (typeof __ONCALL_BUNDLE__ !== 'undefined' && __ONCALL_BUNDLE__) return true;
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    const real = realpathSync(entry);
    return real === fileURLToPath(import.meta.url) || /[\\/]bin[\\/]oncall(\.js)?$/.test(real);
  } catch {
    return false;
  }
}

/** Exit status after the terminal hung up (128 + SIGHUP), as a shell reports a process the hang-up ended. */
const HANGUP_EXIT_CODE = 129;

/** The program: runs the command line in process.argv, with the process-level handling around it. */
export async function main(): Promise<void> {
  silenceDebugLoggers();
  const refusal = nodeDebugRefusal(process.env);
  if (refusal) {
    process.stderr.write(`${refusal}\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // `oncall alerts | head` closes the pipe early: that is not an error worth a stack trace.
    if (err.code === 'EPIPE') process.exit(0);
    // The terminal is gone (a dropped SSH session, a closed tmux pane): there is nobody to tell, and
    // the 'exit' handlers still remove the demo's temporary folders.
    if (err.code === 'EIO') process.exit(HANGUP_EXIT_CODE);
    // A full disk (`> /dev/full`), a closed descriptor: one line says it, a stack trace would not.
    process.stderr.write(`oncall: cannot write the output (${err.message.replace(/, write$/, '')})\n`);
    process.exit(1);
  });
  // stderr closed too (`2>&1 | head`): there is nobody left to tell anything.
  process.stderr.on('error', () => undefined);
  process.on('exit', (code) => {
    // Node puts the terminal's settings back as it exits and aborts (SIGABRT, sometimes SIGSEGV) when
    // the terminal is no longer there; it skips descriptors that were closed. After a hang-up
    // (SIGHUP, or EIO above) there is no terminal to put back.
    if (code !== HANGUP_EXIT_CODE) return;
    for (const fd of [0, 1, 2]) {
      try {
        closeSync(fd);
      } catch {
        // Already closed.
      }
    }
  });
  const code = await run(hideBin(process.argv));
  // Let stdout drain before exiting (a pipe to `head` or `jq`). A signal that ended the dashboard
  // has already set the status (129 after SIGHUP, 143 after SIGTERM): keep it.
  if (!process.exitCode) process.exitCode = code;
}

if (isEntryPoint()) void main();
