/**
 * A cache that forgets: it keeps the entries read or written in its last two generations, so it never
 * holds more than 2 × limit, while an entry used at least once a generation stays. A read never
 * reorders a Map, as an LRU would on every hit (and most reads here are hits).
 * A generation ends when it holds `limit` entries, or after `every` reads and writes: on a dashboard
 * left open, only the few rows whose ages tick make new entries, so a cache ended by size alone took
 * more than an hour to fill and its memory grew all that time (the shift bench's heap after GC, about
 * 1 MB an hour from the drawn rows alone); ended by use, it holds what the last frames drew within
 * minutes and then stays level.
 * Used for drawn rows (src/ui/frameCache.ts) and, in the shipped builds, for Ink's text measuring and
 * wrapping caches, which Ink 6.8 never empties (inkTextCaches in scripts/build-bundle.mjs).
 */
export class TwoGenerationCache<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();
  private uses = 0;

  constructor(
    private readonly limit: number,
    private readonly every = Number.POSITIVE_INFINITY,
  ) {}

  get(key: string): V | undefined {
    if (++this.uses >= this.every) this.turn();
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) this.keep(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (++this.uses >= this.every) this.turn();
    this.keep(key, value);
  }

  private keep(key: string, value: V): void {
    if (this.current.size >= this.limit) this.turn();
    this.current.set(key, value);
  }

  /** Entries held now, both generations (for tests). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  private turn(): void {
    this.previous = this.current;
    this.current = new Map();
    this.uses = 0;
  }
}
