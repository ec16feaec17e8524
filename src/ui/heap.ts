import { setFlagsFromString } from 'node:v8';

/**
 * How far the dashboard's heap may grow past what the last full collection kept before V8 collects
 * again: 50%. V8 picks the factor itself, up to 4x when a process allocates fast for the speed of its
 * collector, and a poll at scale does: at 8 contexts of 10,000 alerts, 130 MB kept grew to 650 MB
 * before the next full collection, an RSS of 720-800 MB while polls came in (`npm run bench -- scale`).
 * Set for the dashboard only, when it mounts: a headless command lives for one answer, and the flag is
 * read at each collection, so it takes effect from the next one.
 */
export const HEAP_GROWING_PERCENT = 50;

export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
