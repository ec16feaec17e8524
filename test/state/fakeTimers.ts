import type { Timers } from '../../src/state/poller.js';

/** A clock the test moves by hand; due callbacks run in time order, with promises flushed between. */
export class FakeTimers implements Timers {
  now = 0;
  private seq = 0;
  private queue: Array<{ id: number; at: number; fn: () => void }> = [];

  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.queue.push({ id, at: this.now + ms, fn });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.queue = this.queue.filter((t) => t.id !== handle);
  };

  clock = (): number => this.now;

  pending(): number {
    return this.queue.length;
  }

  nextAt(): number | undefined {
    return this.queue.reduce<number | undefined>((m, t) => (m === undefined || t.at < m ? t.at : m), undefined);
  }

  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    await flush();
    for (;;) {
      const due = this.queue.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.now = due.at;
      due.fn();
      await flush();
    }
    this.now = until;
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A promise the test settles when it chooses: a source whose answer we control. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
