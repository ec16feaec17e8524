import type { Argv } from 'yargs';
import { usageError } from '../../domain/errors.js';
import type { Incident } from '../../domain/types.js';
import { PAGERDUTY_URL, type PagerDutyClient } from '../../sources/pagerduty/client.js';
import { PD_ACCEPT } from '../../sources/pagerduty/request.js';
import { ackAlertGroup, addIncidentNote, setIncidentStatus } from '../../actions/index.js';
import { actionDepsFor, alertmanagerFor, pagerdutyFor, pagerdutySettings } from '../clients.js';
import { joinAlertsAndIncidents } from '../join.js';
import { settleLeftovers } from '../leftovers.js';
import { checkIncidentRefs, hasNumbers, incidentIds, incidentLabels } from '../targets.js';
import { SilentExit, type CliArgs, type OncallCommand } from '../command.js';
import { confirm } from '../confirm.js';
import { loadContext, type ResolvedContext } from '../context.js';
import { describeRequest } from '../dryrun.js';
import { printJson, printTable } from '../output.js';
import { assertWritable } from '../readonly.js';
import { INCIDENT_COLUMNS, incidentRows } from './incidents.js';
import { incidentFlowCommands } from './incident-flow.js';
import { notesCommand } from './incident-notes.js';

type Status = 'acknowledged' | 'resolved';

function requireFrom(ctx: ResolvedContext): void {
  if (!ctx.pagerduty?.from) {
    throw usageError('PagerDuty writes need the email of a PagerDuty user (the From header)', 'set PAGERDUTY_FROM, or pagerduty.from in the config');
  }
}

function pdHeaders(ctx: ResolvedContext): Record<string, string> {
  return { Authorization: 'REDACTED', Accept: PD_ACCEPT, 'Content-Type': 'application/json', From: ctx.pagerduty?.from ?? '' };
}

/**
 * `incident ack` is the combined ack: each incident that came from an alert group also gets an ack
 * silence on the group (as `oncall ack` and `a` do). Returns the ids still to ack in PagerDuty alone.
 */
async function ackWithSilences(ctx: ResolvedContext, pd: PagerDutyClient, ids: string[], io: CliArgs['io']): Promise<{ rest: string[]; acked: Incident[]; failed: boolean }> {
  const silenceMs = ctx.ackSilenceMs;
  if (silenceMs === false || ctx.alertmanagers.length === 0) return { rest: ids, acked: [], failed: false };
  const am = alertmanagerFor(ctx);
  const current = await Promise.all(ids.map((id) => pd.incident(id)));
  const joined = await joinAlertsAndIncidents(am, ctx, { incidents: current });
  if (!joined.correlation) {
    io.stderr.write(`no ack silence: ${joined.failure}\n`);
    return { rest: ids, acked: [], failed: false };
  }
  const rest: string[] = [];
  const acked: Incident[] = [];
  let failed = false;
  for (const i of current) {
    const group = joined.correlation.byIncident.get(i.id);
    if (!group) {
      rest.push(i.id);
      continue;
    }
    const done = await ackAlertGroup(actionDepsFor(ctx), { am, pd }, { groupLabels: group.labels, incidents: [i], silenceMs });
    acked.push(...(done.acked.length ? done.acked : [i]));
    io.stderr.write(`#${i.number}: ${done.message}\n`);
    if (done.failed) failed = true;
  }
  return { rest, acked, failed };
}

function setStatus(status: Status, verb: 'ack' | 'resolve'): OncallCommand<{ ids: string[]; silence?: boolean }> {
  return {
    command: `${verb} <ids..>`,
    describe: verb === 'ack' ? 'acknowledge incidents' : 'resolve incidents (asks first; --yes in scripts)',
    builder: (y: Argv<CliArgs>) =>
      y
        .positional('ids', { type: 'string', array: true, demandOption: true, describe: 'incident numbers as the dashboard shows them (5, #5) or ids (PT4KHLK)' })
        .option('silence', { type: 'boolean', default: true, hidden: verb !== 'ack', describe: 'ack: also put an ack silence on the incident\'s alert group (--no-silence: PagerDuty alone)' }) as Argv<CliArgs & { ids: string[]; silence?: boolean }>,
    handler: async (args) => {
      const { io } = args;
      const refs = checkIncidentRefs(args.ids);
      const ctx = await loadContext(args, io.env, { need: verb === 'ack' && args.silence !== false ? ['pagerduty', 'alertmanager'] : ['pagerduty'] });
      const settings = pagerdutySettings(ctx);
      assertWritable(ctx, `incident ${verb}`);
      requireFrom(ctx);
      const base = settings.transport.baseURL || PAGERDUTY_URL;
      const client = hasNumbers(refs) ? await pagerdutyFor(ctx) : undefined;
      const resolved = client ? await incidentIds(refs, client) : refs.map((r) => ('id' in r ? r.id : ''));
      const labels = [...new Set(incidentLabels(refs, resolved))];
      const ids = [...new Set(resolved)];
      if (args.dryRun) {
        const one = ids.length === 1;
        describeRequest({
          method: 'PUT',
          url: one ? `${base}/incidents/${ids[0]}` : `${base}/incidents`,
          headers: pdHeaders(ctx),
          body: one ? { incident: { type: 'incident_reference', status } } : { incidents: ids.map((id) => ({ id, type: 'incident_reference', status })) },
        }, io.stdout);
        return;
      }
      // Names every target, as the dashboard's confirmation does.
      if (verb === 'resolve' && !(await confirm(`Resolve ${labels.join(' ')}?`, { yes: args.yes, io }))) {
        io.stderr.write('nothing resolved\n');
        return;
      }
      const pd = client ?? (await pagerdutyFor(ctx));
      const deps = actionDepsFor(ctx);
      await settleLeftovers(deps, { pd }, io);
      const both = verb === 'ack' ? await ackWithSilences(ctx, pd, ids, io) : { rest: ids, acked: [], failed: false };
      const r = both.rest.length ? await setIncidentStatus(deps, pd, verb, both.rest) : { incidents: [], reconciled: false, message: '' };
      const done = [...both.acked, ...r.incidents];
      if (r.reconciled) io.stderr.write(`${both.rest.join(' ')} ${r.message}\n`);
      if (args.output === 'json') printJson(done, io.stdout);
      else printTable(incidentRows(done, new Date()), INCIDENT_COLUMNS, io.stdout);
      if (both.failed) throw new SilentExit(1);
    },
  };
}

const note: OncallCommand<{ id: string; text: string[] }> = {
  command: 'note <id> <text..>',
  describe: 'add a note to an incident',
  builder: (y: Argv<CliArgs>) =>
    y
      .positional('id', { type: 'string', demandOption: true, describe: 'incident number (5, #5) or id (PT4KHLK)' })
      .positional('text', { type: 'string', array: true, demandOption: true }) as Argv<CliArgs & { id: string; text: string[] }>,
  handler: async (args) => {
    const { io } = args;
    const refs = checkIncidentRefs([args.id]);
    const content = args.text.join(' ').trim();
    if (!content) throw usageError('the note is empty', 'e.g. oncall incident note PT4KHLK "rolled back deploy 1234"');
    const ctx = await loadContext(args, io.env, { need: ['pagerduty'] });
    const settings = pagerdutySettings(ctx);
    assertWritable(ctx, 'incident note');
    requireFrom(ctx);
    const base = settings.transport.baseURL || PAGERDUTY_URL;
    const client = hasNumbers(refs) ? await pagerdutyFor(ctx) : undefined;
    const [id] = (client ? await incidentIds(refs, client) : refs.map((r) => ('id' in r ? r.id : ''))) as [string];
    if (args.dryRun) return describeRequest({ method: 'POST', url: `${base}/incidents/${id}/notes`, headers: pdHeaders(ctx), body: { note: { content } } }, io.stdout);
    const pd = client ?? (await pagerdutyFor(ctx));
    const deps = actionDepsFor(ctx);
    await settleLeftovers(deps, { pd }, io);
    const r = await addIncidentNote(deps, pd, id, content);
    if (args.output === 'json') return printJson({ ...r.note, ...(r.added ? {} : { added: false }), ...(r.reconciled ? { reconciled: true } : {}) }, io.stdout);
    if (!r.added || r.reconciled) io.stderr.write(`${id}: ${r.message}\n`);
    io.stdout.write(r.added ? `note ${r.note?.id ?? ''} added to ${id}\n` : `note ${r.note?.id ?? ''} already on ${id}\n`);
  },
};

export const incidentCommand: OncallCommand = {
  command: 'incident <command>',
  describe: 'acknowledge, resolve, annotate (and read the notes), escalate, reassign, snooze, prioritise or merge PagerDuty incidents',
  builder: (y: Argv<CliArgs>) =>
    y.command([setStatus('acknowledged', 'ack'), setStatus('resolved', 'resolve'), note, notesCommand, ...incidentFlowCommands] as never).demandCommand(1, 'say which: ack, resolve, note, notes, escalate, reassign, snooze, priority or merge'),
  handler: () => {},
};
