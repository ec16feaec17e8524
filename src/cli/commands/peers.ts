import type { Alertmanager } from '../clients.js';
import type { Io } from '../io.js';

/** A dead HA peer is skipped, not fatal; say so on stderr so that stdout stays clean for scripts. */
export function warnDeadPeers(am: Alertmanager, io: Io): void {
  for (const peer of am.lastPeerHealth?.() ?? []) {
    if (!peer.ok) io.stderr.write(`warning: ${peer.name} skipped: ${peer.error?.message ?? 'no answer'}\n`);
  }
}
