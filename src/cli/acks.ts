import { ackOf, type AckInfo } from '../domain/ack.js';
import type { Alert } from '../domain/types.js';
import type { AlertmanagerApi } from '../sources/alertmanager/index.js';

export interface AckView {
  /** By fingerprint: the ack that covers an alert. */
  acks: Map<string, AckInfo>;
  /** Fingerprints silenced by something other than an ack silence. */
  silenced: Set<string>;
}

/**
 * Tells acknowledged alerts (under an ack silence: still shown) from silenced ones (hidden unless
 * asked for). Reads the silences only when some alert is silenced at all.
 */
export async function ackView(am: Pick<AlertmanagerApi, 'silences'>, alerts: Alert[]): Promise<AckView> {
  const acks = new Map<string, AckInfo>();
  const silenced = new Set<string>();
  if (!alerts.some((a) => a.silencedBy.length)) return { acks, silenced };
  const byId = new Map((await am.silences()).map((s) => [s.id, s]));
  for (const a of alerts) {
    const { ack, silencedOtherwise } = ackOf(a.silencedBy, byId);
    if (ack) acks.set(a.fingerprint, ack);
    if (silencedOtherwise) silenced.add(a.fingerprint);
  }
  return { acks, silenced };
}

export const ackJson = (ack: AckInfo | undefined) => (ack ? { by: ack.by, at: ack.at, incident: ack.incidents[0]?.number ?? null, silence: ack.silenceId } : null);
