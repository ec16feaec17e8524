import type { ActionDeps, SilenceClient } from './ports.js';
import { LOST_NOTE, runWrite } from './write.js';

export interface SilenceExpired {
  id: string;
  reconciled: boolean;
  message: string;
}

/**
 * Expires one silence. Expiring twice is harmless (Alertmanager answers 200), so after a lost answer
 * the silence is read back: expired means done. `action` is `silence.undo` for the dashboard's undo.
 */
export async function expireSilence(deps: ActionDeps, am: SilenceClient, id: string, action = 'silence.expire'): Promise<SilenceExpired> {
  const { reconciled } = await runWrite(deps, {
    action,
    target: id,
    user: deps.context.author,
    send: async () => {
      await am.expireSilence(id);
      return id;
    },
    readBack: async () => {
      // An id Alertmanager does not know was not expired by us either.
      const s = (await am.silences()).find((x) => x.id === id);
      return s?.state === 'expired' ? id : undefined;
    },
    ids: () => [id],
    what: `expire silence ${id}`,
    check: 'oncall silences --expired',
  });
  return { id, reconciled, message: reconciled ? `expired (${LOST_NOTE})` : 'expired' };
}
