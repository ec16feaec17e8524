import type { AuditEntry, AuditLog } from './audit.js';

interface Flight {
  log: AuditLog;
  base: Omit<AuditEntry, 'time' | 'outcome'>;
  /** An `interrupted` line was written: no other outcome line may follow. */
  interrupted: boolean;
}

const flying = new Set<Flight>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const SIGNAL_NUMBER = { SIGINT: 2, SIGTERM: 15 } as const;

/**
 * While a request is out: on SIGINT/SIGTERM write the `interrupted` lines. If nothing else listens
 * (a headless command), end as the signal would have; the dashboard's own handler ends the session.
 */
function onSignal(sig: (typeof SIGNALS)[number]): void {
  const alone = process.listenerCount(sig) === 1;
  interruptWrites(sig);
  if (alone) process.exit(128 + SIGNAL_NUMBER[sig]);
}
const onExit = (code: number) => interruptWrites(`the program ended (exit ${code})`);

function listen(on: boolean): void {
  for (const sig of SIGNALS) (on ? process.on : process.off).call(process, sig, onSignal);
  (on ? process.on : process.off).call(process, 'exit', onExit);
}

/** Registers a write whose request is out; `end` when it has settled. */
export function track(log: AuditLog, base: Flight['base']): { readonly interrupted: boolean; end(): void } {
  const flight: Flight = { log, base, interrupted: false };
  if (flying.size === 0) listen(true);
  flying.add(flight);
  return {
    get interrupted() {
      return flight.interrupted;
    },
    end: () => {
      if (flying.delete(flight) && flying.size === 0) listen(false);
    },
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
  if (flying.size > 0) listen(false);
  flying.clear();
  return n;
}

export function writesInFlight(): number {
  return flying.size;
}
