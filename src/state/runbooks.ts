import { alertForIncident, runbookAnnotation } from '../domain/runbook/locate.js';
import { fillRunbook, templateValues } from '../domain/runbook/template.js';
import type { Runbook, RunbookResult } from '../domain/runbook/types.js';
import type { Alert, Incident } from '../domain/types.js';
import { findIncidentRunbook, findRunbook, type FindOptions } from '../sources/runbook/find.js';

/**
 * Runbooks for the session: fetched once per runbook (every alert of a name shares one), kept until
 * ctrl-r, and read synchronously while rendering. Loads run in the background; the UI subscribes and
 * re-renders when one lands. Steps marked done are kept per alert for the whole session, refresh
 * or not.
 */

type AlertLike = Pick<Alert, 'fingerprint' | 'labels' | 'annotations'>;
type IncidentLike = Pick<Incident, 'title' | 'service'>;

export interface RunbookFinders {
  alert(alert: AlertLike): Promise<RunbookResult>;
  incident(incident: IncidentLike, alerts: Alert[]): Promise<RunbookResult>;
}

export function runbookFinders(opts: FindOptions): RunbookFinders {
  return {
    alert: (a) => findRunbook(a, opts),
    incident: (i, alerts) => findIncidentRunbook(i, alerts, opts),
  };
}

/** Alerts with the same runbook annotation and alertname share one runbook. */
export function runbookKey(alert: Pick<Alert, 'labels' | 'annotations'>): string {
  return `alert\u0000${runbookAnnotation(alert)?.value ?? ''}\u0000${alert.labels.alertname ?? ''}`;
}

function failure(err: unknown): RunbookResult {
  // The finders do not throw; this only keeps a bug from leaving the pane at "loading" forever.
  return { status: 'failed', message: err instanceof Error ? err.message : String(err), looked: [] };
}

export class RunbookCache {
  private readonly results = new Map<string, RunbookResult>();
  private readonly inFlight = new Map<string, Promise<RunbookResult>>();
  private readonly done = new Map<string, Set<string>>();
  private readonly listeners = new Set<() => void>();
  private generation = 0;

  constructor(private readonly find: RunbookFinders) {}

  /** What a render reads: the cached result, or undefined while nothing has landed yet. */
  get(alert: Pick<Alert, 'labels' | 'annotations'>): RunbookResult | undefined {
    return this.results.get(runbookKey(alert));
  }

  isLoading(alert: Pick<Alert, 'labels' | 'annotations'>): boolean {
    return this.inFlight.has(runbookKey(alert));
  }

  /** Loads unless cached; a second call while the first runs shares its promise. Never rejects. */
  load(alert: AlertLike): Promise<RunbookResult> {
    return this.loadKey(runbookKey(alert), () => this.find.alert(alert));
  }

  /** For render paths: starts a load in the background when needed and returns what is there now. */
  ensure(alert: AlertLike): RunbookResult | undefined {
    const cached = this.get(alert);
    if (!cached) void this.load(alert);
    return cached;
  }

  /** An incident's runbook: its alert's (alertname in the title), else its service's. */
  incidentKey(incident: IncidentLike, alerts: Alert[]): string {
    const alert = alertForIncident(incident, alerts);
    return alert ? runbookKey(alert) : `service\u0000${incident.service.name.toLowerCase()}`;
  }

  getForIncident(incident: IncidentLike, alerts: Alert[]): RunbookResult | undefined {
    return this.results.get(this.incidentKey(incident, alerts));
  }

  loadForIncident(incident: IncidentLike, alerts: Alert[]): Promise<RunbookResult> {
    return this.loadKey(this.incidentKey(incident, alerts), () => this.find.incident(incident, alerts));
  }

  /** ctrl-r: forget every runbook (marks stay) so the next render fetches again. */
  refresh(): void {
    this.generation += 1;
    this.results.clear();
    this.inFlight.clear();
    this.emit();
  }

  /** `space` on a step. Returns whether the step is now done. */
  toggleDone(alertKey: string, stepId: string): boolean {
    const set = this.done.get(alertKey) ?? new Set<string>();
    const now = !set.delete(stepId);
    if (now) set.add(stepId);
    this.done.set(alertKey, set);
    this.emit();
    return now;
  }

  isDone(alertKey: string, stepId: string): boolean {
    return this.done.get(alertKey)?.has(stepId) ?? false;
  }

  doneSteps(alertKey: string): string[] {
    return [...(this.done.get(alertKey) ?? [])];
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private loadKey(key: string, run: () => Promise<RunbookResult>): Promise<RunbookResult> {
    const cached = this.results.get(key);
    if (cached) return Promise.resolve(cached);
    const running = this.inFlight.get(key);
    if (running) return running;
    const gen = this.generation;
    const promise = run()
      .catch(failure)
      .then((result) => {
        // A load started before a refresh must not bring the old runbook back.
        if (gen === this.generation) {
          this.results.set(key, result);
          this.inFlight.delete(key);
          this.emit();
        }
        return result;
      });
    this.inFlight.set(key, promise);
    this.emit();
    return promise;
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}

/** The key for "done" marks: one alert, whichever runbook it shows. */
export function alertKey(alert: Pick<Alert, 'fingerprint'>): string {
  return alert.fingerprint;
}

/** The runbook of a result with this alert's values filled in, and the placeholders left unfilled. */
export function runbookForAlert(
  result: RunbookResult | undefined,
  alert: Pick<Alert, 'labels' | 'annotations' | 'generatorURL'>,
  opts: { ascii?: boolean } = {},
): { runbook?: Runbook; missing: string[] } {
  if (!result?.runbook) return { missing: [] };
  const filled = fillRunbook(result.runbook, templateValues(alert), opts);
  return { runbook: filled.value, missing: filled.missing };
}
