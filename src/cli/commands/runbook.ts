import type { Argv } from 'yargs';
import { OncallError } from '../../domain/errors.js';
import { EXIT_FAILURE } from '../../domain/exit.js';
import { parseMatchers } from '../../domain/matchers.js';
import { allSteps } from '../../domain/runbook/parse.js';
import { renderRunbookText } from '../../domain/runbook/render.js';
import { fillRunbook, stepCommand, templateValues } from '../../domain/runbook/template.js';
import { osc8 } from '../../domain/runbook/terminal.js';
import type { Runbook, RunbookResult } from '../../domain/runbook/types.js';
import type { Alert } from '../../domain/types.js';
import { findRunbook } from '../../sources/runbook/find.js';
import { alertmanagerFor } from '../clients.js';
import { SilentExit, type CliArgs, type OncallCommand } from '../command.js';
import { loadContext, type ResolvedContext } from '../context.js';
import type { Io } from '../io.js';
import { printJson } from '../output.js';
import { warnDeadPeers } from './peers.js';

interface RunbookOptions {
  target: string;
  matchers: string[];
  ascii?: boolean;
  hyperlinks?: boolean;
}

const FINGERPRINT = /^[0-9a-f]{16}$/;
const SEVERITY: Record<string, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/** The alert whose values fill the runbook: unsilenced before silenced, most severe, then oldest. */
function pick(alerts: Alert[]): Alert[] {
  const muted = (a: Alert) => (a.silencedBy.length || a.inhibitedBy.length ? 1 : 0);
  const rank = (a: Alert) => SEVERITY[a.labels.severity ?? ''] ?? 4;
  return [...alerts].sort((a, b) => muted(a) - muted(b) || rank(a) - rank(b) || a.startsAt.getTime() - b.startsAt.getTime());
}

interface Chosen {
  alert?: Alert;
  others: Alert[];
  /** Alertmanager could not be read: the command still prints what it found, then exits 1. */
  unread?: true;
}

/** Finds the alert in Alertmanager. An unreachable Alertmanager is a warning: local runbooks still print. */
async function chooseAlert(ctx: ResolvedContext, args: RunbookOptions, io: Io): Promise<Chosen> {
  if (ctx.alertmanagers.length === 0) return { others: [] };
  const extra = parseMatchers(args.matchers ?? []);
  const byFingerprint = FINGERPRINT.test(args.target);
  const am = alertmanagerFor(ctx);
  try {
    const nameMatcher = { name: 'alertname', value: args.target, isRegex: false, isEqual: true };
    const alerts = await am.alerts({ active: true, silenced: true, inhibited: true, matchers: byFingerprint ? extra : [nameMatcher, ...extra] });
    warnDeadPeers(am, io);
    const found = byFingerprint ? alerts.filter((a) => a.fingerprint === args.target) : alerts;
    const [alert, ...others] = pick(found);
    if (!alert && byFingerprint) throw new OncallError('not_found', `no firing alert has fingerprint ${args.target}`, { hint: 'list fingerprints with `oncall alerts -o json`' });
    return { ...(alert ? { alert } : {}), others };
  } catch (err) {
    if (!(err instanceof OncallError) || err.kind === 'not_found' || err.kind === 'usage') throw err;
    io.stderr.write(`warning: cannot ask Alertmanager for the alert (${err.toLine()}); looking in local folders only\n`);
    return { others: [], unread: true };
  }
}

function describeAlert(a: Alert): string {
  const keys = ['instance', 'service', 'job', 'pod', 'severity'].filter((k) => a.labels[k]);
  return keys.map((k) => `${k}=${a.labels[k]}`).join(', ');
}

function stepsJson(runbook: Runbook) {
  return allSteps(runbook).map(({ section, step }) => ({
    id: step.id,
    section: section.heading,
    index: step.index,
    text: step.text,
    ...(stepCommand(step) !== undefined ? { command: stepCommand(step) } : {}),
  }));
}

function lookedLines(result: RunbookResult): string[] {
  return result.looked.map((l) => `  ${l.kind === 'annotation' ? 'url   ' : 'folder'}  ${l.location}: ${l.outcome.replace('_', ' ')} (${l.message})`);
}

export const runbookCommand: OncallCommand<RunbookOptions> = {
  command: 'runbook <target> [matchers..]',
  describe: "print an alert's runbook with the alert's values filled in (runbook_url annotation, then the runbooks folders)",
  builder: (y: Argv<CliArgs>) =>
    y
      .positional('target', { type: 'string', demandOption: true, describe: 'an alertname or an alert fingerprint' })
      .positional('matchers', { type: 'string', array: true, default: [], describe: 'pick one of several alerts, e.g. instance=web-2' })
      .option('ascii', { type: 'boolean', describe: 'ASCII rules and markers instead of Unicode (or ONCALL_ASCII=1)' })
      .option('hyperlinks', { type: 'boolean', default: true, describe: 'OSC 8 links on a terminal (--no-hyperlinks to turn off)' })
      .example('$0 runbook HighErrorRate', 'the runbook of the most severe HighErrorRate alert, filled in')
      .example('$0 runbook HighErrorRate instance=web-2 -o json', 'the steps as JSON, for one alert') as Argv<CliArgs & RunbookOptions>,
  handler: async (args) => {
    const io = args.io;
    const ctx = await loadContext(args, io.env, { need: ['alertmanager'] });
    const { alert, others, unread } = await chooseAlert(ctx, args, io);
    const subject = alert ?? { labels: { alertname: args.target }, annotations: {} };
    const result = await findRunbook(subject, { folders: ctx.runbooks, transports: ctx.alertmanagers, env: io.env });
    const ascii = args.ascii === true || io.env.ONCALL_ASCII === '1';
    const filled = result.runbook && alert ? fillRunbook(result.runbook, templateValues(alert), { ascii }) : undefined;
    const runbook = filled?.value ?? result.runbook;
    const missing = filled?.missing ?? [];

    if (others.length) {
      io.stderr.write(
        `note: ${others.length} more ${args.target} alert${others.length === 1 ? ' is' : 's are'} firing (${others.slice(0, 3).map(describeAlert).join('; ')}${others.length > 3 ? `; … and ${others.length - 3} more` : ''}); ` +
          'pick one with matchers (e.g. instance=…) or a fingerprint\n',
      );
    }
    if (!alert && result.runbook) io.stderr.write(`note: no ${args.target} alert is firing: the runbook is shown with its placeholders unfilled\n`);

    if (args.output === 'json') {
      printJson(
        {
          target: args.target,
          alert: alert ? { fingerprint: alert.fingerprint, labels: alert.labels, annotations: alert.annotations } : null,
          otherAlerts: others.length,
          filled: Boolean(filled),
          status: result.status,
          message: result.message,
          foundAt: result.foundAt ?? null,
          link: result.link ?? null,
          looked: result.looked,
          missing,
          steps: runbook ? stepsJson(runbook) : [],
          runbook: runbook ?? null,
        },
        io.stdout,
      );
      if (result.status === 'not_found' || result.status === 'failed' || unread) throw new SilentExit(EXIT_FAILURE);
      return;
    }

    const hyperlinks = args.hyperlinks !== false && io.stdout.isTTY === true && io.env.TERM !== 'dumb';
    const link = (url: string) => (hyperlinks ? osc8(url) : url);
    const title = `Runbook for ${args.target}${alert ? ` (${describeAlert(alert) || alert.fingerprint})` : ''}`;
    if (result.status === 'link_only' && result.link) {
      io.stdout.write(`${title}: ${link(result.link)}\n  ${result.message}\n`);
      if (unread) throw new SilentExit(EXIT_FAILURE);
      return;
    }
    if (!runbook) {
      io.stderr.write(`looked in:\n${lookedLines(result).join('\n') || '  nowhere'}\n`);
      if (result.link) io.stderr.write(`link: ${result.link}\n`);
      throw new OncallError(result.status === 'failed' ? 'network' : 'not_found', `no runbook for ${args.target}: ${result.message}`, {
        hint: 'add a runbook_url annotation to the alerting rule, or a <alertname>.md file to a folder listed under `runbooks` in the config',
      });
    }
    const width = io.stdout.columns && io.stdout.columns > 0 ? io.stdout.columns : 100;
    const header = [`${title} ${result.message}`];
    if (result.link && result.foundAt?.kind === 'url') header.push(`link: ${link(result.link)}`);
    if (missing.length) header.push(`not filled (the alert has no value for): ${missing.join(', ')}`);
    const rule = (ascii ? '-' : '─').repeat(Math.min(width, 60));
    io.stdout.write(`${[...header, rule, ...renderRunbookText(runbook, { width, ascii, hyperlinks })].join('\n')}\n`);
    // The runbook is shown, but Alertmanager could not be read: that shows in the exit code (domain/exit.ts).
    if (unread) throw new SilentExit(EXIT_FAILURE);
  },
};
