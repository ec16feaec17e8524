/**
 * Deterministic randomness: the same seed gives the same world, and any moment can be computed
 * without replaying the past (a hash of the inputs, not a stream).
 */

/** A number in [0, 1) from integers, via a 32-bit mix (splitmix/murmur finaliser). */
export function hash01(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h ^= Math.floor(p) | 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    // Fold in the high part of large integers (epoch minutes exceed 32 bits in milliseconds).
    h ^= Math.floor(p / 4294967296) | 0;
  }
  return (h >>> 0) / 4294967296;
}
