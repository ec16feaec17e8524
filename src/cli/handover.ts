import { errorLine } from '../domain/errors.js';
import type { Handover } from '../domain/handover.js';
import { buildReport, timesFromLog } from '../domain/report.js';
import type { Incident } from '../domain/types.js';
import { alertmanagerFor, OPEN_INCIDENTS, pagerdutyFor } from './clients.js';
import type { ResolvedContext } from './context.js';
import { mapLimited } from './limit.js';
import { slosFor } from './slos.js';

const secs = (a: Date, b?: Date) => (b ? Math.round((b.getTime() - a.getTime()) / 1000) : null);

/** Reads what the shift report needs from every configured source; a source that fails is named. */
export async function gatherHandover(ctx: ResolvedContext, shiftMs: number, now = new Date()): Promise<Handover> {
  const since = new Date(now.getTime() - shiftMs);
  const next = new Date(now.getTime() + shiftMs);
  const failures: string[] = [];
  const h: Handover = { since, until: now, incidents: [], summary: null, open: [], expiring: [], nextOnCall: [], slos: [], firing: [], failures };
  const guard = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      failures.push(`${what}: ${errorLine(err)}`);
    }
  };
  await Promise.all([
    ctx.pagerduty &&
      guard('pagerduty', async () => {
        const pd = await pagerdutyFor(ctx);
        const [shift, open, oncalls] = await Promise.all([pd.incidents({ since, until: now }), pd.incidents(OPEN_INCIDENTS), pd.oncalls({ since: now, until: next })]);
        const ids = [...new Set([...shift, ...open].map((i) => i.id))];
        const byId = new Map<string, Incident>([...shift, ...open].map((i) => [i.id, i]));
        const logs = new Map(await mapLimited(ids, 4, async (id) => [id, await pd.logEntries(id)] as const));
        const times = (i: Incident) => timesFromLog({ id: i.id, service: i.service.name, urgency: i.urgency, createdAt: i.createdAt }, logs.get(i.id) ?? []);
        h.incidents = shift.map((i) => ({ incident: i, ackSeconds: secs(i.createdAt, times(i).firstAckAt), resolveSeconds: secs(i.createdAt, times(i).resolvedAt) }));
        h.summary = buildReport(shift.map(times), ctx.responseTargets, now).overall;
        h.open = open.map((i) => {
          const ack = i.status === 'acknowledged' ? [...(logs.get(i.id) ?? [])].reverse().find((e) => e.type === 'acknowledge') : undefined;
          return { incident: byId.get(i.id)!, ackedForSeconds: ack ? secs(ack.at, now) : null };
        });
        h.nextOnCall = oncalls.sort((a, b) => a.level - b.level);
      }),
    ctx.alertmanagers.length > 0 &&
      guard('alertmanager', async () => {
        const am = alertmanagerFor(ctx);
        const [silences, alerts] = await Promise.all([am.silences(), am.alerts({ active: true, silenced: false, inhibited: false })]);
        h.expiring = silences.filter((s) => s.state !== 'expired' && s.endsAt > now && s.endsAt <= next).sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime());
        h.firing = alerts;
      }),
    ctx.prometheus &&
      guard('prometheus', async () => {
        const { reports, unread = [] } = await slosFor(ctx, { now: () => now }).load();
        h.slos = reports;
        const failed = h.slos.find((r) => r.status === 'error');
        if (failed) failures.push(`prometheus: SLO ${failed.name} could not be evaluated (${failed.error ?? 'no answer'})`);
        for (const line of unread) failures.push(`prometheus: ${line}`);
      }),
  ]);
  return h;
}
