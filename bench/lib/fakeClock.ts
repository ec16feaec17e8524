import type { Timers } from '../../src/state/poller.js';

/**
 * Fake time for the pollers (they take injected timers and a clock): timers fire in time order when
 * the bench says, so hours of polling pass in minutes while each poll is a real HTTP request.
 */
export class FakeClock {
  private queue: Array<{ id: number; at: number; fn: () => void }> = [];
  private ids = 0;
  constructor(public now: number) {}

  readonly timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = ++this.ids;
      this.queue.push({ id, at: this.now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout: (handle) => {
      this.queue = this.queue.filter((t) => t.id !== handle);
    },
  };

  readonly clock = (): number => this.now;

  /** Every `ms` of fake time until the returned stop is called. */
  every(ms: number, fn: () => void): () => void {
    let handle: unknown;
    const arm = () => (handle = this.timers.setTimeout(() => (fn(), arm()), ms));
    arm();
    return () => this.timers.clearTimeout(handle);
  }

  /** When the next timer is due, if any. */
  get nextAt(): number | undefined {
    let min: number | undefined;
    for (const t of this.queue) if (min === undefined || t.at < min) min = t.at;
    return min;
  }

  /** Moves to the earliest timer (never back) and runs it, and every other timer due at that instant. */
  fireNext(): void {
    const at = this.nextAt;
    if (at === undefined) return;
    this.now = Math.max(this.now, at);
    const due = this.queue.filter((t) => t.at <= this.now).sort((a, b) => a.at - b.at || a.id - b.id);
    this.queue = this.queue.filter((t) => t.at > this.now);
    for (const t of due) t.fn();
  }
}
