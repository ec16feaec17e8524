import { OncallError } from '../domain/errors.js';
import { holderAt, type Override, type Schedule, type ScheduleEntry } from '../domain/schedules.js';
import type { User } from '../domain/types.js';
import { pdUser, type ActionDeps, type ScheduleClient } from './ports.js';
import { userByEmail } from './users.js';
import { LOST_NOTE, runWrite } from './write.js';

/** How far ahead a schedule is read to find the current shift and its end. */
const LOOK_AHEAD_MS = 14 * 24 * 3_600_000;
const SLACK_MS = 60_000;

/** A schedule the user belongs to, and who holds it now (someone else, or nobody). */
export interface PagerChoice {
  schedule: Schedule;
  holder?: ScheduleEntry;
}

export interface PagerTaken {
  schedule: Schedule;
  override?: Override;
  start: Date;
  end: Date;
  /** false: an override for this user already covers the time; nothing was sent. */
  sent: boolean;
  reconciled: boolean;
  message: string;
}

/** The acting user: the PagerDuty user whose email is the From address. */
export function actingUser(deps: ActionDeps, pd: ScheduleClient): Promise<User> {
  if (!deps.context.pdFrom) throw new OncallError('config', 'taking the pager needs your PagerDuty email (the From header)', { hint: 'set PAGERDUTY_FROM, or pagerduty.from in the config' });
  return userByEmail(pd, deps.context.pdFrom);
}

/**
 * The schedules `me` belongs to where someone else is on call now, each with the current holder.
 * `wanted` (a name or id) narrows it to one, and a schedule the user is not on is refused.
 */
export async function pagerChoices(deps: ActionDeps, pd: ScheduleClient, me: User): Promise<PagerChoice[]> {
  const now = deps.now();
  const mine = (await pd.schedules()).filter((s) => s.users.some((u) => u.id === me.id));
  const read = await Promise.all(mine.map((s) => pd.schedule(s.id, now, new Date(now.getTime() + LOOK_AHEAD_MS))));
  return read.map((schedule) => ({ schedule, holder: holderAt(schedule.entries, now) })).filter((c) => c.holder?.user.id !== me.id);
}

/** Where `me` already covers [start, end] on the schedule (an earlier take, or a retry after a lost answer). */
export const covered = (s: Schedule, me: User, start: Date, end: Date): ScheduleEntry | undefined =>
  s.entries.find((e) => e.user.id === me.id && e.start.getTime() <= start.getTime() + SLACK_MS && e.end.getTime() >= end.getTime() - SLACK_MS);

/**
 * Takes the pager: a schedule override for `me` from now until `until` (by default the end of the
 * current holder's shift). An override is not idempotent, so the schedule is read first (already
 * covered: nothing sent) and, after a lost answer, read back for an entry of `me` over the window.
 */
export async function takePager(deps: ActionDeps, pd: ScheduleClient, me: User, choice: PagerChoice, until?: Date): Promise<PagerTaken> {
  const start = new Date(Math.floor(deps.now().getTime() / 1000) * 1000);
  const end = until ?? choice.holder?.end;
  if (!end) throw new OncallError('usage', `nobody is on call on ${choice.schedule.name} now, so there is no shift to end with`, { hint: 'say how long: --until 18:00 or --until 8h' });
  if (end <= start) throw new OncallError('usage', `--until ${end.toISOString()} is not in the future`, { hint: 'give a later time, or a duration such as 8h' });
  const s = choice.schedule;
  const read = () => pd.schedule(s.id, start, end);
  const already = covered(await read(), me, start, end);
  const result = (sent: boolean, reconciled: boolean, override?: Override): PagerTaken => ({
    schedule: s, start, end, sent, reconciled, ...(override ? { override } : {}),
    message: sent ? `on call for ${s.name} until ${end.toISOString()}${reconciled ? ` (${LOST_NOTE})` : ''}` : `already on call for ${s.name} until ${end.toISOString()}; nothing sent`,
  });
  if (already) return result(false, false);
  const { value, reconciled } = await runWrite<Override | undefined>(deps, {
    action: 'schedule.override',
    target: s.id,
    user: pdUser(deps),
    extra: { start: start.toISOString(), end: end.toISOString() },
    send: () => pd.addOverride(s.id, { userId: me.id, start, end }),
    readBack: async () => {
      const entry = covered(await read(), me, start, end);
      return entry ? { id: '', user: entry.user, start: entry.start, end: entry.end } : undefined;
    },
    ids: (o) => (o?.id ? [o.id] : []),
    what: `take the pager on ${s.name}`,
    check: `oncall who`,
  });
  return result(true, reconciled, value);
}
