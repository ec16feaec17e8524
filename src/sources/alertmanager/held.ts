import { sameStrings, sameValues } from '../../domain/same.js';
import type { Alert } from '../../domain/types.js';
import type { WireAlert } from './wire.js';

/**
 * The alerts the dashboard's poller sent from the last answer, `prefix` before each fingerprint (a
 * context's name and a slash over several contexts, else ''). A wire alert that shows what its held
 * alert shows is decoded as that alert, not as a new one.
 *
 * Why: most answers differ from the last only in the alerts' updatedAt and endsAt, which the dashboard
 * does not read (src/state/keepUnchanged.ts), and decoding every alert into a new object, only for the
 * poller to find it unchanged and keep the old one, was 40-50 ms of each 10,000-alert poll and all of
 * its garbage (`npm run bench -- scale`, a poll profile). Headless commands hold nothing and decode all.
 */
export interface HeldAlerts {
  alerts: readonly Alert[];
  prefix: string;
}

/**
 * The held alert with a wire fingerprint, or undefined. Alertmanager lists alerts in the same order
 * from answer to answer, so the one after the last found is tried first; a list is indexed only when
 * that misses.
 */
export function heldFinder({ alerts, prefix }: HeldAlerts): (fingerprint: string) => Alert | undefined {
  let next = 0;
  let index: Map<string, number> | undefined;
  const isFor = (a: Alert, fp: string) => a.fingerprint.length === prefix.length + fp.length && a.fingerprint.endsWith(fp) && a.fingerprint.startsWith(prefix);
  return (fp) => {
    let at: number | undefined = next;
    if (at >= alerts.length || !isFor(alerts[at]!, fp)) {
      if (!index) {
        index = new Map();
        alerts.forEach((a, i) => a.fingerprint.startsWith(prefix) && index!.set(a.fingerprint.slice(prefix.length), i));
      }
      at = index.get(fp);
    }
    if (at === undefined) return undefined;
    next = at + 1;
    return alerts[at];
  };
}

/**
 * Whether a wire alert shows what `held` shows: all the dashboard reads of an alert, updatedAt and
 * endsAt aside (the fields src/state/keepUnchanged.ts compares). `state`: the wire state as decoded;
 * `startsAt`: its start as decoded (undefined when not a time).
 */
export function showsWhatHeldShows(held: Alert, w: WireAlert, state: string, startsAt: Date | undefined): boolean {
  return (
    held.state === state &&
    startsAt !== undefined &&
    held.startsAt.getTime() === startsAt.getTime() &&
    held.generatorURL === (w.generatorURL || undefined) &&
    sameStrings(held.silencedBy, w.status?.silencedBy ?? []) &&
    sameStrings(held.inhibitedBy, w.status?.inhibitedBy ?? []) &&
    sameReceivers(held.receivers, w.receivers) &&
    sameValues(held.labels, w.labels) &&
    sameValues(held.annotations, w.annotations ?? {})
  );
}

function sameReceivers(held: readonly string[], wire: ReadonlyArray<{ name: string }> | null | undefined): boolean {
  const list = wire ?? [];
  if (held.length !== list.length) return false;
  for (let i = 0; i < list.length; i++) if (held[i] !== list[i]!.name) return false;
  return true;
}
