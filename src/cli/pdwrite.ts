import type { ActionDeps } from '../actions/ports.js';
import { usageError } from '../domain/errors.js';
import { PAGERDUTY_URL, type PagerDutyClient } from '../sources/pagerduty/client.js';
import { PD_ACCEPT } from '../sources/pagerduty/request.js';
import { actionDepsFor, pagerdutyFor, pagerdutySettings } from './clients.js';
import type { CliArgs } from './command.js';
import { confirm } from './confirm.js';
import { loadContext, type ResolvedContext } from './context.js';
import { describeRequest } from './dryrun.js';
import { settleLeftovers } from './leftovers.js';
import { assertWritable } from './readonly.js';
import { checkIncidentRefs, incidentIds, incidentLabels } from './targets.js';

/** What every PagerDuty write command needs before it sends: the checks, the client, the targets. */
export interface PdWrite {
  ctx: ResolvedContext;
  pd: PagerDutyClient;
  deps: ActionDeps;
  /** The API's base URL, for --dry-run. */
  base: string;
  /** Incident ids, in the order given; numbers looked up. */
  ids: string[];
  /** `#5 (PT4KHLK)` or the id: what the question and the messages name. */
  labels: string[];
  /** Prints the request instead of sending it. */
  dryRun(method: string, path: string, body: unknown): void;
  /** Asks first (--yes answers); false: the user said no, and the command stops. */
  ask(question: string): Promise<boolean>;
}

export function requireFrom(ctx: ResolvedContext): void {
  if (!ctx.pagerduty?.from) {
    throw usageError('PagerDuty writes need the email of a PagerDuty user (the From header)', 'set PAGERDUTY_FROM, or pagerduty.from in the config');
  }
}

/** Read-only refusal, the From check and the incident lookup, in that order: nothing is sent before them. */
export async function pdWrite(args: CliArgs, action: string, refTexts: string[]): Promise<PdWrite> {
  const { io } = args;
  const refs = checkIncidentRefs(refTexts);
  const ctx = await loadContext(args, io.env, { need: ['pagerduty'] });
  const settings = pagerdutySettings(ctx);
  assertWritable(ctx, action);
  requireFrom(ctx);
  const base = settings.transport.baseURL || PAGERDUTY_URL;
  const pd = await pagerdutyFor(ctx);
  const ids = refs.length ? await incidentIds(refs, pd) : [];
  const deps = actionDepsFor(ctx);
  if (!args.dryRun) await settleLeftovers(deps, { pd }, io);
  const headers = { Authorization: 'REDACTED', Accept: PD_ACCEPT, 'Content-Type': 'application/json', From: ctx.pagerduty?.from ?? '' };
  return {
    ctx, pd, deps, base, ids,
    labels: incidentLabels(refs, ids),
    dryRun: (method, path, body) => describeRequest({ method, url: `${base}${path}`, headers, body }, io.stdout),
    ask: async (question) => {
      if (await confirm(question, { yes: args.yes, io })) return true;
      io.stderr.write('nothing sent\n');
      return false;
    },
  };
}
