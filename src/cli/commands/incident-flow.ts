import type { Argv } from 'yargs';
import { escalateIncident, mergeIncidents, reassignIncident, setIncidentPriority, snoozeIncident, snoozeSeconds, type Changed } from '../../actions/index.js';
import { checkLevel } from '../../actions/incidentEscalate.js';
import { parseDuration } from '../../domain/duration.js';
import { findPriority } from '../../domain/schedules.js';
import type { CliArgs, OncallCommand } from '../command.js';
import type { Io } from '../io.js';
import { printJson } from '../output.js';
import { pdWrite } from '../pdwrite.js';

/** Escalate, reassign, snooze, priority and merge: `oncall incident <verb>`, each through src/actions. */

const ID = { type: 'string', demandOption: true, describe: 'incident number (5, #5) or id (PT4KHLK)' } as const;

function report(args: CliArgs & { io: Io }, label: string, r: Changed): void {
  if (args.output === 'json') return printJson({ ...r.incident, sent: r.sent, ...(r.reconciled ? { reconciled: true } : {}), message: r.message }, args.io.stdout);
  args.io.stdout.write(`${label}: ${r.message}\n`);
}

const escalate: OncallCommand<{ id: string; level: string }> = {
  command: 'escalate <id>',
  describe: 'escalate to a level of the escalation policy (asks first; --yes in scripts)',
  builder: (y: Argv<CliArgs>) =>
    y.positional('id', ID).option('level', { type: 'string', demandOption: true, requiresArg: true, describe: 'the level to page: 1, 2, 3…' }) as Argv<CliArgs & { id: string; level: string }>,
  handler: async (args) => {
    const level = checkLevel(args.level);
    const w = await pdWrite(args, 'incident escalate', [args.id]);
    const [id, label] = [w.ids[0]!, w.labels[0]!];
    if (args.dryRun) return w.dryRun('PUT', `/incidents/${id}`, { incident: { type: 'incident_reference', escalation_level: level } });
    if (!(await w.ask(`Escalate ${label} to level ${level}?`))) return;
    report(args, label, await escalateIncident(w.deps, w.pd, id, level));
  },
};

const reassign: OncallCommand<{ id: string; to: string }> = {
  command: 'reassign <id>',
  describe: 'reassign to a user, by email (asks first; --yes in scripts)',
  builder: (y: Argv<CliArgs>) =>
    y.positional('id', ID).option('to', { type: 'string', demandOption: true, requiresArg: true, describe: "the user's PagerDuty email" }) as Argv<CliArgs & { id: string; to: string }>,
  handler: async (args) => {
    const w = await pdWrite(args, 'incident reassign', [args.id]);
    const [id, label] = [w.ids[0]!, w.labels[0]!];
    if (args.dryRun) return w.dryRun('PUT', `/incidents/${id}`, { incident: { type: 'incident_reference', assignments: [{ assignee: { id: `(the user ${args.to})`, type: 'user_reference' } }] } });
    if (!(await w.ask(`Reassign ${label} to ${args.to}?`))) return;
    report(args, label, await reassignIncident(w.deps, w.pd, id, args.to));
  },
};

const snooze: OncallCommand<{ id: string; for: string }> = {
  command: 'snooze <id>',
  describe: 'snooze an acknowledged incident for 1s to 7d (asks first; --yes in scripts)',
  builder: (y: Argv<CliArgs>) =>
    y.positional('id', ID).option('for', { type: 'string', demandOption: true, requiresArg: true, describe: 'how long: 30m, 1h, 2d (1s to 7d)' }) as Argv<CliArgs & { id: string; for: string }>,
  handler: async (args) => {
    const ms = parseDuration(args.for);
    const seconds = snoozeSeconds(ms);
    const w = await pdWrite(args, 'incident snooze', [args.id]);
    const [id, label] = [w.ids[0]!, w.labels[0]!];
    if (args.dryRun) return w.dryRun('POST', `/incidents/${id}/snooze`, { duration: seconds });
    if (!(await w.ask(`Snooze ${label} for ${args.for}?`))) return;
    report(args, label, await snoozeIncident(w.deps, w.pd, id, ms));
  },
};

const priority: OncallCommand<{ id: string; priority: string }> = {
  command: 'priority <id> <priority>',
  describe: 'set the priority, by name (P1) or id (asks first; --yes in scripts)',
  builder: (y: Argv<CliArgs>) =>
    y.positional('id', ID).positional('priority', { type: 'string', demandOption: true, describe: 'a name from the account\'s priorities (P1…), or an id' }) as Argv<CliArgs & { id: string; priority: string }>,
  handler: async (args) => {
    const w = await pdWrite(args, 'incident priority', [args.id]);
    const [id, label] = [w.ids[0]!, w.labels[0]!];
    if (args.dryRun) {
      const p = findPriority(await w.pd.priorities(), args.priority);
      return w.dryRun('PUT', `/incidents/${id}`, { incident: { type: 'incident_reference', priority: { id: p?.id ?? `(no priority ${args.priority})`, type: 'priority_reference' } } });
    }
    if (!(await w.ask(`Set the priority of ${label} to ${args.priority}?`))) return;
    report(args, label, await setIncidentPriority(w.deps, w.pd, id, args.priority));
  },
};

const merge: OncallCommand<{ target: string; sources: string[] }> = {
  command: 'merge <target> <sources..>',
  describe: 'merge incidents into the target; PagerDuty resolves them (asks first; --yes in scripts)',
  builder: (y: Argv<CliArgs>) =>
    y.positional('target', ID).positional('sources', { type: 'string', array: true, demandOption: true, describe: 'the incidents to merge into it' }) as Argv<CliArgs & { target: string; sources: string[] }>,
  handler: async (args) => {
    const w = await pdWrite(args, 'incident merge', [args.target, ...args.sources]);
    const [target, ...sources] = w.ids as [string, ...string[]];
    const [targetLabel, ...sourceLabels] = w.labels as [string, ...string[]];
    if (args.dryRun) return w.dryRun('PUT', `/incidents/${target}/merge`, { source_incidents: sources.map((id) => ({ id, type: 'incident_reference' })) });
    if (!(await w.ask(`Merge ${sourceLabels.join(' ')} into ${targetLabel}? They will be resolved`))) return;
    const r = await mergeIncidents(w.deps, w.pd, target, sources);
    if (args.output === 'json') return printJson({ target: r.target.id, merged: r.merged.map((i) => i.id), skipped: r.skipped.map((i) => i.id), ...(r.reconciled ? { reconciled: true } : {}), message: r.message }, args.io.stdout);
    args.io.stdout.write(`${r.message}\n`);
  },
};

export const incidentFlowCommands = [escalate, reassign, snooze, priority, merge];
