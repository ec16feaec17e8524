/**
 * A cache that forgets: it keeps the entries read or written in its last two generations of `limit`
 * entries each, so it never holds more than 2 × limit, while an entry used at least once a generation
 * stays. A read never reorders a Map, as an LRU would on every hit (and most reads here are hits).
 * Used for drawn rows (src/ui/frameCache.ts) and, in the shipped builds, for Ink's text measuring and
 * wrapping caches, which Ink 6.8 never empties (inkTextCaches in scripts/build-bundle.mjs).
 */
export class TwoGenerationCache<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();
  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.current.size >= this.limit) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }
}
