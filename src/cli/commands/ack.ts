import type { Argv } from 'yargs';
import { ackAlertGroup } from '../../actions/index.js';
import { alertGroups, correlate, type JoinedGroup } from '../../domain/correlation.js';
import { formatDuration, parseDuration } from '../../domain/duration.js';
import { OncallError, usageError } from '../../domain/errors.js';
import { labelSetKey } from '../../domain/routing.js';
import { parseMatchers } from '../../domain/matchers.js';
import type { Incident } from '../../domain/types.js';
import { routingTreeOf } from '../../sources/alertmanager/routing.js';
import { actionDepsFor, alertmanagerFor, OPEN_INCIDENTS, pagerdutyFor } from '../clients.js';
import { SilentExit, type CliArgs, type OncallCommand } from '../command.js';
import { confirm } from '../confirm.js';
import { loadContext } from '../context.js';
import { assertWritable } from '../readonly.js';

interface AckOptions {
  matchers: string[];
  silence?: boolean;
  for?: string;
}

const numbers = (g: JoinedGroup) => g.incidents.map((i) => `#${i.number}`).join(' ');

/** `oncall ack MATCHER...`: the alert groups that match, acknowledged in PagerDuty and Alertmanager. */
export const ackCommand: OncallCommand<AckOptions> = {
  command: 'ack <matchers..>',
  describe: 'acknowledge alert groups in both systems: their PagerDuty incidents and a short ack silence (asks first)',
  builder: (y: Argv<CliArgs>) =>
    y
      .positional('matchers', { type: 'string', array: true, demandOption: true, describe: 'which firing alerts, e.g. alertname=HighErrorRate service=checkout' })
      .option('silence', { type: 'boolean', default: true, describe: 'also create the ack silence (--no-silence: PagerDuty only)' })
      .option('for', { type: 'string', requiresArg: true, describe: 'how long the ack silence lasts (default: ack.silence in the context, else 1h)' })
      .example('$0 ack HighErrorRate service=checkout --yes', 'ack the incident and silence the group for an hour') as Argv<CliArgs & AckOptions>,
  handler: async (args) => {
    const { io } = args;
    const matchers = parseMatchers(args.matchers ?? []);
    if (matchers.length === 0) throw usageError('say which alerts to acknowledge', 'e.g. oncall ack alertname=HighErrorRate');
    const forMs = args.for !== undefined ? parseDuration(args.for) : undefined;
    const ctx = await loadContext(args, io.env, { need: ['alertmanager', 'pagerduty'] });
    assertWritable(ctx, 'ack');
    const silenceMs = args.silence === false ? false : (forMs ?? ctx.ackSilenceMs);
    const am = alertmanagerFor(ctx);
    const pd = ctx.pagerduty ? await pagerdutyFor(ctx) : undefined;
    if (pd && !ctx.pagerduty?.from) throw usageError('PagerDuty writes need the email of a PagerDuty user (the From header)', 'set PAGERDUTY_FROM, or pagerduty.from in the config');
    const [alerts, status, incidents] = await Promise.all([
      am.alerts({ active: true, silenced: true, inhibited: true, matchers }),
      am.status(),
      pd ? pd.incidents(OPEN_INCIDENTS) : Promise.resolve([] as Incident[]),
    ]);
    if (alerts.length === 0) throw new OncallError('not_found', `no firing alert matches ${args.matchers.join(' ')}: nothing to acknowledge`, { hint: 'check with `oncall alerts`' });
    const tree = routingTreeOf(status);
    const groups = pd ? correlate(tree, alerts, incidents).groups : alertGroups(tree, alerts).map((g) => ({ ...g, incidents: [] }));
    const byId = new Map(incidents.map((i) => [i.id, i]));
    const silencePart = silenceMs === false ? 'no silence' : `ack silence for ${formatDuration(silenceMs)}`;
    const plan = groups.map((g) => `${labelSetKey(g.labels)} (${g.fingerprints.length} firing): ${g.incidents.length ? `acknowledge ${numbers(g)}` : 'no incident'}, ${silencePart}`);
    if (args.dryRun) {
      io.stdout.write(`# dry run: not sent\n${plan.join('\n')}\n`);
      return;
    }
    io.stderr.write(`${plan.join('\n')}\n`);
    const targets = [...new Set(groups.flatMap((g) => g.incidents.map((i) => `#${i.number}`)))];
    const question = `Acknowledge ${targets.length ? targets.join(' ') : 'without an incident'} and ${silenceMs === false ? 'leave Alertmanager as it is' : `silence ${groups.length} group${groups.length === 1 ? '' : 's'}`}?`;
    if (!(await confirm(question, { yes: args.yes, io }))) {
      io.stderr.write('nothing acknowledged\n');
      return;
    }
    let failed = false;
    for (const g of groups) {
      const done = await ackAlertGroup(actionDepsFor(ctx), { am, ...(pd ? { pd } : {}) }, {
        groupLabels: g.labels,
        incidents: g.incidents.map((l) => byId.get(l.id)!).filter(Boolean),
        silenceMs,
      });
      io.stdout.write(`${labelSetKey(g.labels)}: ${done.message}\n`);
      if (done.failed) {
        failed = true;
        io.stderr.write(`${labelSetKey(g.labels)}: ${done.failed instanceof Error ? done.failed.message : String(done.failed)}\n`);
      }
    }
    if (failed) throw new SilentExit(1);
  },
};
