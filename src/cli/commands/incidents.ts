import type { Argv } from 'yargs';
import { usageError } from '../../domain/errors.js';
import { EXIT_FAILURE } from '../../domain/exit.js';
import type { GroupLink } from '../../domain/correlation.js';
import { responseText, type Response } from '../../domain/response.js';
import type { Incident, IncidentStatus, Urgency } from '../../domain/types.js';
import { alertmanagerFor, OPEN_INCIDENTS, pagerdutyFor } from '../clients.js';
import { SilentExit, type CliArgs, type OncallCommand } from '../command.js';
import { repeatable } from '../flags.js';
import { loadContext } from '../context.js';
import { age, listOption } from '../format.js';
import { joinAlertsAndIncidents } from '../join.js';
import { responsesFor } from '../response.js';
import { printJson, printTable } from '../output.js';

interface IncidentsOptions {
  mine?: boolean;
  status?: string[];
  urgency?: string[];
  limit?: number;
}

const STATUSES: readonly IncidentStatus[] = ['triggered', 'acknowledged', 'resolved'];
const URGENCIES: readonly Urgency[] = ['high', 'low'];

function oneOf<T extends string>(values: string[], allowed: readonly T[], flag: string): T[] {
  for (const v of values) {
    if (!allowed.includes(v as T)) throw usageError(`--${flag} ${v} is not one of ${allowed.join(', ')}`, `e.g. --${flag} ${allowed[0]}`);
  }
  return values as T[];
}

export function incidentRows(incidents: Incident[], now: Date): Record<string, string>[] {
  return incidents.map((i) => ({
    id: i.id,
    number: `#${i.number}`,
    status: i.status,
    urgency: i.urgency,
    priority: i.priority ?? '',
    service: i.service.name,
    assigned: i.assignees.map((a) => a.name).join(', '),
    age: age(i.createdAt, now),
    title: i.title,
  }));
}

export const INCIDENT_COLUMNS = [
  { key: 'id', header: 'id', max: 16 },
  { key: 'number', header: '#', max: 8 },
  { key: 'status', header: 'status', max: 12 },
  { key: 'urgency', header: 'urg', max: 4 },
  { key: 'priority', header: 'prio', max: 4 },
  { key: 'service', header: 'service', max: 20 },
  { key: 'assigned', header: 'assigned', max: 20 },
  { key: 'age', header: 'age', max: 7 },
  { key: 'title', header: 'title' },
];

/** `response` in JSON: ISO times, booleans, null when unknown (a resolved incident has no due times). */
function responseJson(i: Incident, r: Response | undefined) {
  if (!r || i.status === 'resolved') return { ackBy: null, resolveBy: null, ackOverdue: false, resolveOverdue: false, nextEscalation: null };
  const esc = r.nextEscalation;
  return { ackBy: r.ackBy, resolveBy: r.resolveBy, ackOverdue: r.ackOverdue, resolveOverdue: r.resolveOverdue, nextEscalation: esc ? { at: esc.at, level: esc.level, to: esc.to } : null };
}

export const incidentsCommand: OncallCommand<IncidentsOptions> = {
  command: 'incidents',
  describe: 'list PagerDuty incidents (default: triggered and acknowledged)',
  builder: (y: Argv<CliArgs>) =>
    y
      .option('mine', { type: 'boolean', describe: 'only incidents assigned to me (pagerduty.user_id, or the token\'s user)' })
      .option('status', repeatable('triggered, acknowledged, resolved (comma-separated or repeated)'))
      .option('urgency', repeatable('high, low'))
      .option('limit', { type: 'number', requiresArg: true, describe: 'at most this many' }) as Argv<CliArgs & IncidentsOptions>,
  handler: async (args) => {
    const statuses = oneOf(listOption(args.status), STATUSES, 'status');
    const urgencies = oneOf(listOption(args.urgency), URGENCIES, 'urgency');
    if (args.limit !== undefined && (!Number.isInteger(args.limit) || args.limit < 1)) throw usageError('--limit takes a whole number above 0');
    const ctx = await loadContext(args, args.io.env, { need: ['pagerduty', 'alertmanager'] });
    const pd = await pagerdutyFor(ctx);
    const userIds = args.mine ? [ctx.pagerduty?.userId ?? (await pd.me()).id] : undefined;
    const wanted = statuses.length ? statuses : (OPEN_INCIDENTS.statuses ?? []);
    const incidents = await pd.incidents({
      statuses: wanted,
      // Open incidents however old; resolved ones only from PagerDuty's default window (the last month).
      ...(wanted.includes('resolved') ? {} : { dateRange: 'all' as const }),
      ...(urgencies.length ? { urgencies } : {}),
      ...(userIds ? { userIds } : {}),
      ...(args.limit ? { max: args.limit } : {}),
    });
    // Each incident's alert group, exact by dedup key or likely by title; null when none or not joined.
    let groupOf = (_i: Incident): GroupLink | null => null;
    let unjoined = false;
    if (ctx.alertmanagers.length > 0) {
      const joined = await joinAlertsAndIncidents(alertmanagerFor(ctx), ctx, { incidents });
      if (joined.correlation) groupOf = (i) => joined.correlation.byIncident.get(i.id) ?? null;
      else {
        args.io.stderr.write(`alert groups not joined: ${joined.failure}\n`);
        unjoined = true;
      }
    }
    // The incidents are printed either way; Alertmanager not read still shows in the exit code.
    const done = () => {
      if (unjoined) throw new SilentExit(EXIT_FAILURE);
    };
    const now = new Date();
    const responses = await responsesFor(ctx, pd, incidents, (i) => groupOf(i)?.severity, now);
    for (const note of responses.notes) args.io.stderr.write(`${note}\n`);
    if (args.output === 'json') {
      printJson(incidents.map((i) => ({ ...i, alertGroup: groupOf(i), response: responseJson(i, responses.byIncident.get(i.id)) })), args.io.stdout);
      return done();
    }
    const rows = incidentRows(incidents, now).map((row, n) => ({ ...row, response: responseText(incidents[n]!, responses.byIncident.get(incidents[n]!.id)!, now) }));
    printTable(rows, [...INCIDENT_COLUMNS.slice(0, -1), { key: 'response', header: 'response', max: 44 }, INCIDENT_COLUMNS[INCIDENT_COLUMNS.length - 1]!], args.io.stdout);
    if (incidents.length === 0) args.io.stderr.write('no incidents match\n');
    done();
  },
};
