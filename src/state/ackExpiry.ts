import { expireSilence, type ActionDeps, type SilenceClient } from '../actions/index.js';
import { parseAck } from '../domain/ack.js';
import type { Store } from './store.js';

/**
 * Ends an ack silence once the incident it acknowledged is resolved, so an ack never hides the next
 * outage. Runs on every fresh PagerDuty answer; the expiry goes through the actions layer, audited
 * as automatic. Expiring twice is harmless, so several dashboards may do it at once.
 */
export function watchAckSilences(store: Store, am: SilenceClient, deps: () => ActionDeps, context?: string): () => void {
  let seenPoll: number | undefined;
  const tried = new Set<string>();
  const check = () => {
    const state = store.getState();
    // Over several contexts: this context's silences, once its Alertmanager and its account's PagerDuty answered.
    const member = context === undefined ? undefined : state.fleet?.find((c) => c.name === context);
    const account = member?.pagerdutyVia ? state.fleet?.find((c) => c.name === member.pagerdutyVia) : member;
    const pdOk = (account ?? state).sources.pagerduty.lastOkAt;
    if (pdOk === undefined || pdOk === seenPoll || (member ?? state).sources.alertmanager.lastOkAt === undefined) return;
    seenPoll = pdOk;
    const open = new Set(state.incidents.map((i) => i.id));
    // The ids of silences Alertmanager no longer lists (it drops expired ones after its retention) are
    // let go, so a dashboard open for days does not keep every ack silence it ever ended. One it still
    // lists stays tried: a poll answered from before the expiry may show it active again.
    const listed = new Set(state.silences.map((s) => s.id));
    for (const id of tried) if (!listed.has(id)) tried.delete(id);
    for (const s of state.silences) {
      if (s.state !== 'active' || tried.has(s.id) || (context !== undefined && s.context !== context)) continue;
      const ack = parseAck(s);
      if (!ack || ack.incidents.length === 0 || ack.incidents.some((i) => open.has(i.id))) continue;
      tried.add(s.id);
      const names = ack.incidents.map((i) => `#${i.number}`).join(' ');
      expireSilence({ ...deps(), automatic: true }, am, s.id, 'silence.ack-expire').then(
        () => {
          store.dispatch({ type: 'silenceExpired', id: s.id });
          store.dispatch({ type: 'status', text: `${names} resolved: its ack silence ${s.id.slice(0, 8)} expired`, tone: 'info' });
        },
        (err: unknown) => {
          tried.delete(s.id);
          store.dispatch({ type: 'status', text: `${names} resolved, but its ack silence ${s.id.slice(0, 8)} could not be expired: ${err instanceof Error ? err.message : String(err)}`, tone: 'error' });
        },
      );
    }
  };
  return store.subscribe(check);
}
