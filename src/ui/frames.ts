/**
 * How Ink writes frames, shared by the dashboard (mount.ts) and the benches that measure it.
 * - incrementalRendering off: Ink renders whole frames and ScreenWriter sends only the lines that
 *   changed (see screen.ts for why Ink's own incremental rendering is not used), so over SSH a cursor
 *   move rewrites two lines, not the screen.
 * - maxFps 120: Ink holds a frame that comes within 1000/maxFps ms of the last one. At 30 a key that
 *   came just after a frame nobody asked for (the detail pane redrawn once the cursor rests, 120 ms
 *   after a key; a tick; an answer) waited up to 33 ms: stepping with j at a reading pace, every other
 *   key took 40-50 ms to its frame, at 1,000 alerts as at 80,000; at 120 it is 5-20 ms. The bound
 *   still merges bursts of commits; held-down keys (25-50 a second) get a frame each either way.
 */
export const FRAMES = { incrementalRendering: false, maxFps: 120 } as const;
