import { reconcileLeftovers } from '../actions/reconcile.js';
import type { ActionDeps, SilenceClient } from '../actions/ports.js';
import type { LeftoverClient } from '../actions/readBackFlow.js';
import type { Io } from './io.js';

/**
 * Before a write command sends anything: settle the writes an earlier run left with only a started
 * line (it died while its request was out), and say what reading back showed. Never stops the command.
 */
export async function settleLeftovers(deps: ActionDeps, clients: { am?: SilenceClient; pd?: LeftoverClient }, io: Io): Promise<void> {
  try {
    for (const l of await reconcileLeftovers(deps, clients)) if (l.message) io.stderr.write(`note: ${l.message}\n`);
  } catch {
    // An unreadable audit file is reported by the write's own audit line.
  }
}
