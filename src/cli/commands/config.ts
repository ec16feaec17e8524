import type { Argv } from 'yargs';
import { didYouMean } from '../../domain/config.js';
import { OncallError } from '../../domain/errors.js';
import { checkSources } from '../checks.js';
import { SilentExit, type CliArgs, type OncallCommand } from '../command.js';
import { effectiveContext } from '../config/effective.js';
import { runInit, type InitAnswers } from '../config/init.js';
import { renderShown, shownConfig } from '../config/show.js';
import { configFilePath, resolveConfigDir } from '../config/path.js';
import { openConfigStore } from '../config/store.js';
import { loadContext } from '../context.js';
import { colorEnabled, paint, printJson } from '../output.js';

const path: OncallCommand = {
  command: 'path',
  describe: 'print where the config file is (it need not exist yet)',
  handler: (args: CliArgs) => {
    args.io.stdout.write(`${configFilePath(resolveConfigDir(args, args.io.env))}\n`);
  },
};

const show: OncallCommand = {
  command: 'show',
  describe: 'print the effective context (file < env < flags), secrets redacted',
  handler: (args: CliArgs) => {
    const shown = shownConfig(effectiveContext(args, args.io.env));
    if (args.output === 'json') printJson(shown, args.io.stdout);
    else args.io.stdout.write(renderShown(shown));
  },
};

const useContext: OncallCommand<{ name: string }> = {
  command: 'use-context <name>',
  describe: 'make <name> the current context',
  builder: (y: Argv<CliArgs>) => y.positional('name', { type: 'string', demandOption: true, describe: 'a context from the config file' }),
  handler: async (args) => {
    const store = openConfigStore(resolveConfigDir(args, args.io.env));
    const config = store.exists() ? store.read().config : {};
    const names = Object.keys(config.contexts ?? {});
    if (!names.includes(args.name)) {
      const guess = didYouMean(args.name, names);
      throw new OncallError(
        'config',
        names.length === 0
          ? `unknown context "${args.name}": no contexts are configured`
          : `unknown context "${args.name}" (known: ${names.join(', ')})${guess ? `; did you mean ${guess}?` : ''}`,
        { hint: `add it with \`oncall config init --name ${args.name}\`` },
      );
    }
    await store.write({ ...config, current_context: args.name });
    args.io.stdout.write(`current context is now ${args.name}\n`);
  },
};

const validate: OncallCommand = {
  command: 'validate',
  describe: "check the config, then each source's reachability and credentials (exit 1 if any fails)",
  handler: async (args: CliArgs) => {
    const { io } = args;
    const ctx = await loadContext(args, io.env);
    const checks = await checkSources(ctx);
    if (args.output === 'json') {
      printJson({ context: ctx.name, warnings: ctx.warnings, checks }, io.stdout);
    } else {
      const p = paint(colorEnabled(args, io.env, io.stdout));
      for (const w of ctx.warnings) io.stdout.write(`${p.yellow('warning')}: ${w}\n`);
      const label = { ok: 'ok', failed: 'FAILED', skipped: 'skipped' } as const;
      const colour = { ok: p.green, failed: p.red, skipped: p.dim } as const;
      const width = Math.max(...checks.map((c) => c.source.length));
      // Lines, not a table: an error and its hint must not be cut to the terminal width.
      for (const c of checks) {
        const status = colour[c.status](label[c.status].padEnd(7));
        io.stdout.write(`${status} ${c.source.padEnd(width)}  ${c.url ? `${c.url}  ` : ''}${c.detail}\n`);
        if (c.hint) io.stdout.write(`${' '.repeat(8)}hint: ${c.hint}\n`);
      }
    }
    if (checks.some((c) => c.status === 'failed')) throw new SilentExit(1);
    if (checks.every((c) => c.status === 'skipped')) {
      throw new OncallError('config', `context ${ctx.name} has no sources configured`, {
        hint: 'run `oncall config init`, or set PROMETHEUS_URL / ALERTMANAGER_URL / PAGERDUTY_API_TOKEN',
      });
    }
  },
};

/** The answers `config init` takes as its own flags (the source URLs are global flags), and --force. */
type InitArgs = Omit<InitAnswers, 'prometheusUrl' | 'alertmanagerUrl' | 'pagerdutyUrl'> & { force?: boolean };

const INIT_FLAGS = ['name', 'prometheusUrl', 'alertmanagerUrl', 'pagerdutyUrl', 'pagerdutyTokenEnv', 'pagerdutyTokenFile', 'pagerdutyTokenCommand', 'pagerdutyFrom', 'author', 'readOnly'] as const;

const init: OncallCommand<InitArgs> = {
  command: 'init',
  describe: 'add a context: asks in a terminal, or entirely from flags (--name --prometheus-url --alertmanager-url …)',
  builder: (y: Argv<CliArgs>) =>
    y
      .option('name', { type: 'string', requiresArg: true, describe: 'context name (default: "default")' })
      .option('pagerduty-token-env', { type: 'string', requiresArg: true, describe: 'env var holding the PagerDuty token' })
      .option('pagerduty-token-file', { type: 'string', requiresArg: true, describe: 'file holding the PagerDuty token' })
      .option('pagerduty-token-command', { type: 'string', requiresArg: true, describe: 'command printing the PagerDuty token, e.g. "pass show pagerduty"' })
      .option('pagerduty-from', { type: 'string', requiresArg: true, describe: 'your PagerDuty email (From header for writes)' })
      .option('author', { type: 'string', requiresArg: true, describe: 'silence author (default: $USER)' })
      .option('read-only', { type: 'boolean', describe: 'disable every write in this context' })
      .option('force', { type: 'boolean', describe: 'replace a context of the same name' })
      .example('$0 config init --name prod --prometheus-url https://prom:9090 --alertmanager-url https://am-1:9093 --pagerduty-token-env PAGERDUTY_API_TOKEN', ''),
  handler: async (args) => {
    const { io } = args;
    const answers: InitAnswers = Object.fromEntries(INIT_FLAGS.filter((k) => args[k] !== undefined).map((k) => [k, args[k]]));
    // Any flag means "from flags"; a script without a terminal never gets a question.
    const interactive = io.stdin.isTTY === true && Object.keys(answers).length === 0;
    const result = await runInit(io, resolveConfigDir(args, io.env), answers, interactive, args.force === true);
    io.stdout.write(`wrote context ${result.name} to ${result.path}\n`);
    io.stdout.write(
      result.madeCurrent
        ? `${result.name} is the current context; check it with \`oncall config validate\`\n`
        : `switch to it with \`oncall config use-context ${result.name}\`\n`,
    );
  },
};

export const configCommand: OncallCommand = {
  command: 'config',
  describe: 'set up and check contexts (sources, credentials, read-only)',
  builder: (y: Argv<CliArgs>) =>
    y
      .command(init)
      .command(show)
      .command(path)
      .command(useContext)
      .command(validate)
      .demandCommand(1, 'name a config subcommand: init, show, path, use-context or validate'),
  handler: () => {},
};
