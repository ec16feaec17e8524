import { errorLine } from '../domain/errors.js';
import type { EscalationPolicy } from '../domain/response.js';
import type { Incident } from '../domain/types.js';

/** The escalation policies of the triggered incidents, and why any could not be read. */
export interface Escalation {
  policies: Record<string, EscalationPolicy>;
  /** Policy id → why it could not be read; tried again at the next poll. */
  errors: Record<string, string>;
}

/** Policies change rarely: one read each per this long, not one per poll. */
const KEEP_MS = 10 * 60_000;

/**
 * Reads the policies the PagerDuty poll needs (those of triggered incidents), keeping each for a
 * while. A policy that cannot be read is an error to show in the details, never a failed poll.
 */
export function policyReader(read: ((id: string) => Promise<EscalationPolicy>) | undefined, clock: () => number) {
  const kept = new Map<string, { policy: EscalationPolicy; at: number }>();
  return async (incidents: Incident[]): Promise<Escalation> => {
    const ids = [...new Set(incidents.filter((i) => i.status === 'triggered' && i.escalationPolicy).map((i) => i.escalationPolicy!.id))];
    const out: Escalation = { policies: {}, errors: {} };
    await Promise.all(
      ids.map(async (id) => {
        const k = kept.get(id);
        if (k && clock() - k.at < KEEP_MS) {
          out.policies[id] = k.policy;
          return;
        }
        if (!read) {
          out.errors[id] = 'this PagerDuty client cannot read escalation policies';
          return;
        }
        try {
          const policy = await read(id);
          kept.set(id, { policy, at: clock() });
          out.policies[id] = policy;
        } catch (err) {
          out.errors[id] = errorLine(err);
        }
      }),
    );
    return out;
  };
}

/** Cheap signature for the poller's "changed": which policies were read, which failed and why. */
export const escalationSig = (e: Escalation) => JSON.stringify([Object.entries(e.policies).sort(), Object.entries(e.errors).sort()]);
