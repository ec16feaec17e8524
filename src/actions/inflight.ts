import type { AuditEntry, AuditLog } from './audit.js';

interface Flight {
  log: AuditLog;
  base: Omit<AuditEntry, 'time' | 'outcome'>;
  /** An `interrupted` line was written: no other outcome line may follow. */
  interrupted: boolean;
}

const flying = new Set<Flight>();

/** Registers a write whose request is out; `end` when it has settled. */
export function track(log: AuditLog, base: Flight['base']): { readonly interrupted: boolean; end(): void } {
  const flight: Flight = { log, base, interrupted: false };
  flying.add(flight);
  return {
    get interrupted() {
      return flight.interrupted;
    },
    end: () => flying.delete(flight),
  };
}

/**
 * Called from the SIGINT/SIGTERM handlers: every write still waiting for its answer gets an
 * `interrupted` line, written synchronously because the process is about to end. The next start
 * reads these back (see reconcile.ts).
 */
export function interruptWrites(signal: string): number {
  let n = 0;
  for (const f of flying) {
    f.log.appendSync({ time: new Date().toISOString(), ...f.base, outcome: 'interrupted', error: `${signal} while the request was out` });
    f.interrupted = true;
    n += 1;
  }
  flying.clear();
  return n;
}

export function writesInFlight(): number {
  return flying.size;
}
