import { sameStrings, sameValues } from '../domain/same.js';
import type { Alert } from '../domain/types.js';

/**
 * A poll's alerts, each one that shows nothing new taken from the last poll's answer (the same
 * object), and the last answer itself when that holds for all of them in the same order.
 *
 * Why: Alertmanager moves a firing alert's updatedAt and endsAt each time Prometheus sends it again
 * (every evaluation or resend), so nearly every answer differed from the last and was a new list of new
 * objects: at every poll the dashboard grouped, joined and indexed the context's alerts again, and the
 * old ones became garbage for the collector (at 8 contexts × 10,000 alerts, a poll of one context took
 * 600-800 ms of the one thread, `npm run bench -- scale`). Nothing on the dashboard reads those two
 * times, so an alert whose answer differs only in them is the alert already held; an answer where
 * nothing else changed is no change, and the poller sends nothing. Headless commands read once and do
 * not come here: they print the times as Alertmanager gave them.
 */
export function keepUnchanged(last: Alert[] | undefined, next: Alert[]): Alert[] {
  if (!last || last.length === 0) return next;
  // The poller's answer mostly holds the last answer's objects already, in the same places
  // (src/sources/alertmanager/held.ts): the last answer is indexed only for an alert that is not.
  let byFingerprint: Map<string, Alert> | undefined;
  let same = last.length === next.length;
  const out = new Array<Alert>(next.length);
  for (let i = 0; i < next.length; i++) {
    const a = next[i]!;
    if (a === last[i]) {
      out[i] = a;
      continue;
    }
    byFingerprint ??= new Map(last.map((x) => [x.fingerprint, x]));
    const old = byFingerprint.get(a.fingerprint);
    const kept = old === a || (old && showsTheSame(old, a)) ? old : a;
    out[i] = kept;
    if (kept !== last[i]) same = false;
  }
  return same ? last : out;
}

/** Everything the dashboard reads of an alert, updatedAt and endsAt aside. */
function showsTheSame(a: Alert, b: Alert): boolean {
  return (
    a.state === b.state &&
    a.startsAt.getTime() === b.startsAt.getTime() &&
    a.generatorURL === b.generatorURL &&
    a.context === b.context &&
    sameStrings(a.silencedBy, b.silencedBy) &&
    sameStrings(a.inhibitedBy, b.inhibitedBy) &&
    sameStrings(a.receivers, b.receivers) &&
    sameValues(a.labels, b.labels) &&
    sameValues(a.annotations, b.annotations)
  );
}
