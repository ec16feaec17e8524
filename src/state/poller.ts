import { OncallError } from '../domain/errors.js';

/** Timers and clock are injected so tests drive time instead of sleeping. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface PollerOptions<T> {
  name: string;
  intervalMs: number;
  fetch: () => Promise<T>;
  onStart?(at: number): void;
  /** `changed` is false when the answer equals the previous one (see `equals`). */
  onResult(data: T, info: { at: number; latencyMs: number; changed: boolean; nextAttemptAt: number }): void;
  onError(err: OncallError, info: { at: number; latencyMs: number; failures: number; nextAttemptAt: number }): void;
  equals?: (a: T, b: T) => boolean;
  timers?: Timers;
  clock?: () => number;
  random?: () => number;
  /** First retry delay after a failure; doubles per failure up to `backoffCapMs`. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
}

/**
 * Polls one source: the next poll is scheduled only after the previous one settled, so a slow
 * source never overlaps itself; failures back off exponentially with jitter and recover alone.
 */
export class Poller<T> {
  private handle: unknown;
  private running = false;
  private inFlight = false;
  private again = false;
  private paused = false;
  private failures = 0;
  private last: { data: T } | undefined;
  private readonly timers: Timers;
  private readonly clock: () => number;
  private readonly random: () => number;

  constructor(private readonly opts: PollerOptions<T>) {
    this.timers = opts.timers ?? realTimers;
    this.clock = opts.clock ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.poll();
  }

  stop(): void {
    this.running = false;
    this.clear();
  }

  pause(): void {
    this.paused = true;
    this.clear();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.running && !this.inFlight) this.schedule(0);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isInFlight(): boolean {
    return this.inFlight;
  }

  /** Polls now, even when paused; if a poll is running, one more follows it instead of overlapping. */
  refreshNow(): void {
    if (!this.running) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.clear();
    void this.poll();
  }

  /** Delay before the next attempt: the interval when healthy, else backoff with jitter. */
  nextDelay(err?: OncallError): number {
    if (this.failures === 0) return this.opts.intervalMs;
    // A 429 says how long to wait; honour it rather than hammering.
    if (err?.retryAfterSeconds !== undefined) return Math.max(err.retryAfterSeconds * 1000, 1000);
    const base = this.opts.backoffBaseMs ?? Math.min(this.opts.intervalMs, 2000);
    const cap = this.opts.backoffCapMs ?? Math.max(this.opts.intervalMs * 4, 60_000);
    const exp = Math.min(cap, base * 2 ** (this.failures - 1));
    // "Equal jitter": never less than half, so a dead source is not hit in a burst by several peers.
    return Math.round(exp / 2 + (this.random() * exp) / 2);
  }

  private clear(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private schedule(ms: number): void {
    this.clear();
    if (!this.running || this.paused) return;
    this.handle = this.timers.setTimeout(() => {
      this.handle = undefined;
      void this.poll();
    }, ms);
  }

  private async poll(): Promise<void> {
    if (this.inFlight || !this.running) return;
    this.inFlight = true;
    const started = this.clock();
    this.opts.onStart?.(started);
    let delay: number;
    try {
      const data = await this.opts.fetch();
      const at = this.clock();
      this.failures = 0;
      const changed = !this.last || !(this.opts.equals ?? Object.is)(this.last.data, data);
      if (changed) this.last = { data };
      delay = this.nextDelay();
      this.inFlight = false;
      if (this.running) this.opts.onResult(data, { at, latencyMs: at - started, changed, nextAttemptAt: at + delay });
    } catch (raw) {
      const at = this.clock();
      const err = raw instanceof OncallError ? raw : new OncallError('network', raw instanceof Error ? raw.message : String(raw), { source: this.opts.name });
      this.failures++;
      delay = this.nextDelay(err);
      this.inFlight = false;
      if (this.running) this.opts.onError(err, { at, latencyMs: at - started, failures: this.failures, nextAttemptAt: at + delay });
    }
    if (this.again && this.running) {
      // An explicit refresh asked during the poll runs even when paused: the user pressed ctrl-r.
      this.again = false;
      this.clear();
      this.handle = this.timers.setTimeout(() => {
        this.handle = undefined;
        void this.poll();
      }, 0);
      return;
    }
    this.schedule(delay);
  }
}
