/**
 * The dashboard's first poll, started before the UI has loaded. Ink, React and the screens take a
 * while to compile; the sources' first answers need not wait for that. Each read a poller makes
 * (they take no arguments) is called now, and its first caller gets that answer, success or failure,
 * exactly as if it had asked itself; every later call goes to the source as usual.
 */
import type { SloSnapshot } from '../domain/slo/types.js';
import type { AlertSource, IncidentSource, SloSource } from './ports.js';

export interface FirstPollSources {
  alertmanager?: AlertSource;
  pagerduty?: IncidentSource;
  slos?: SloSource;
}

export function prefetchFirstPoll<D extends FirstPollSources>(deps: D): D {
  return {
    ...deps,
    ...(deps.alertmanager ? { alertmanager: early(deps.alertmanager, ['alerts', 'silences']) } : {}),
    ...(deps.pagerduty ? { pagerduty: early(deps.pagerduty, ['incidents', 'oncalls']) } : {}),
    ...(deps.slos ? { slos: earlySlos(deps.slos) } : {}),
  };
}

/** As `early`, for the SLO load, whose status-before-trend answer is kept for the first caller. */
function earlySlos(source: SloSource): SloSource {
  let status: SloSnapshot | undefined;
  let listener: ((snapshot: SloSnapshot) => void) | undefined;
  let first: Promise<SloSnapshot> | undefined = source.load((snapshot) => {
    status = snapshot;
    listener?.(snapshot);
  });
  first.catch(() => {});
  return {
    // The SLO details' history is not part of the first poll: it goes straight to the source.
    ...(source.history ? { history: source.history.bind(source) } : {}),
    load: (onStatus) => {
      if (!first) return source.load(onStatus);
      const answer = first;
      first = undefined;
      listener = onStatus;
      if (status) onStatus?.(status);
      return answer;
    },
  };
}

type Read = () => Promise<unknown>;

/** `source` with `reads` already called; the first call of each gets that promise. */
function early<T extends object>(source: T, reads: ReadonlyArray<keyof T & string>): T {
  const started = new Map<string | symbol, Promise<unknown>>();
  for (const name of reads) {
    const answer = (source[name] as Read).call(source);
    // Handled by whoever calls first; until then it must not count as an unhandled rejection.
    answer.catch(() => {});
    started.set(name, answer);
  }
  return new Proxy(source, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (!started.has(prop)) return value.bind(target);
      return () => {
        const answer = started.get(prop);
        if (!answer) return (value as Read).call(target);
        started.delete(prop);
        return answer;
      };
    },
  });
}
