import { expect, it } from 'vitest';
import { TwoGenerationCache } from '../../src/ui/text/twoGenerations.js';

/** A dashboard left open: 50 rows drawn each frame, one of them new (its age ticked). */
function idleFrames(cache: TwoGenerationCache<string>, frames: number): void {
  for (let f = 0; f < frames; f++) {
    for (let r = 0; r < 49; r++) if (cache.get(`row ${r}`) === undefined) cache.set(`row ${r}`, 'drawn');
    const ticking = `header ${f}s`;
    if (cache.get(ticking) === undefined) cache.set(ticking, 'drawn');
  }
}

it('an idle dashboard\'s rows stop piling up within a generation of reads, not once 2 × limit rows are kept', () => {
  const bySize = new TwoGenerationCache<string>(1000);
  const byUse = new TwoGenerationCache<string>(1000, 3000);
  idleFrames(bySize, 600);
  idleFrames(byUse, 600);
  // Ten minutes at a frame a second: ended by size only, every ticking row is still held.
  expect(bySize.size).toBe(649);
  // Ended by use as well: the 49 steady rows and at most two generations' ticking rows (about 60 each).
  expect(byUse.size).toBeLessThanOrEqual(49 + 2 * 65);
  const level = byUse.size;
  idleFrames(byUse, 3600);
  expect(byUse.size).toBeLessThanOrEqual(level + 60);
});

it('keeps every row drawn at each frame through the turns: no redraw of a steady row', () => {
  const cache = new TwoGenerationCache<string>(1000, 3000);
  idleFrames(cache, 10);
  let misses = 0;
  for (let f = 0; f < 500; f++) for (let r = 0; r < 49; r++) if (cache.get(`row ${r}`) === undefined) misses++;
  expect(misses).toBe(0);
});
