/**
 * How Ink writes frames, shared by the dashboard (mount.ts) and the benches that measure it.
 * - incrementalRendering off: Ink renders whole frames and ScreenWriter sends only the lines that
 *   changed (see screen.ts for why Ink's own incremental rendering is not used), so over SSH a cursor
 *   move rewrites two lines, not the screen.
 * - maxFps 1000: Ink holds a frame that comes within 1000/maxFps ms of the last one, so this bound
 *   holds one for 1 ms at most. Frames nobody asked for come on their own clock (the detail pane
 *   redrawn 120 ms after the cursor rests, a tick, an answer), and a key that came just after one
 *   waited out the rest of its slot: 33 ms at 30 (stepping with j at a reading pace took 40-50 ms every
 *   other key), 8 ms at 120, where a filter typed at 120 ms a key met the detail pane's redraw at
 *   every key: 18 ms to its frame against 8-11 for the keys around it at 8x10,000 alerts, 10 ms at
 *   1000 (`npm run bench -- scale`, its typing while answers land). Commits in one tick are still one
 *   frame (React batches them); held-down keys (25-50 a second) get a frame each either way.
 */
export const FRAMES = { incrementalRendering: false, maxFps: 1000 } as const;
