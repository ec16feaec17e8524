/**
 * Makes Ink's frame building pay for the rows that changed, not for the whole screen.
 *
 * Why: Ink 6.8 turns the laid-out tree into text in its internal `Output` class, and a new Output
 * per frame means new caches per frame: every line is tokenized into styled characters again and
 * every row serialised again. On a 200x50 dashboard that was about 20 ms of each key press, while
 * a cursor move changes two rows (profiled with `node --cpu-prof` on `npm run bench -- dashboard`).
 *
 * How: `Output.prototype.get` is wrapped. The writes Ink recorded are grouped by row; a row whose
 * writes (column, text after Ink's transforms) and width are the same as in an earlier frame gets
 * that frame's text back. Changed rows are built by Ink's own `get` on a one-row Output, so the
 * characters on screen are exactly Ink's. Frames that clip (Box overflow) go to Ink's `get` whole.
 *
 * Output is not in Ink's public exports, so it is reached by path; the package pins ink 6.8.0.
 * If the class does not have the expected shape, nothing is patched and Ink works as it always did.
 *
 * When it can go: Ink 6.8 already caches tokenized lines (vadimdemedes/ink#835), but the caches
 * belong to one Output and build/renderer.js makes a new Output for every frame, so they never
 * outlive the frame. Once an Ink release keeps them across frames (or reuses unchanged rows), drop
 * the import in App.tsx, run `npm run bench -- dashboard`, and delete this file if a key press at
 * 200x50 costs what it costs with it. Upgrading Ink past 6.8 means checking that anyway: a changed
 * Output shape silently turns this off.
 */
import { renderToString, Text } from 'ink';
import { createElement } from 'react';
import { TwoGenerationCache } from './text/twoGenerations.js';

type Transformer = (line: string, index: number) => string;
type Operation = { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] } | { type: 'clip' } | { type: 'unclip' };

interface OutputLike {
  width: number;
  height: number;
  operations: Operation[];
  caches: { styledChars: Map<string, unknown> };
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
  get(): { output: string; height: number };
}
type OutputClass = new (options: { width: number; height: number }) => OutputLike;

/**
 * How many tokenized lines Ink's cache keeps across frames before it starts again. A line there holds
 * an object per character, so at 500 the cache was a sawtooth in a shift: a quarter of an hour of
 * changing rows filled it, then it was dropped. In real-time runs of the shift bench that was the heap
 * after GC rising 24.5 → 26.3 MB and falling back, and the hour's RSS growth read 4-6% depending on
 * where the samples fell. Only rows the row memo missed reach it.
 */
const STYLED_LINES = 100;

/**
 * Reads and writes of the row memo per generation: a row not drawn for that long is forgotten. At
 * 200x50 that is about a minute of an idle dashboard (a frame a second), so the memo holds the rows of
 * the last minutes instead of filling for an hour (see TwoGenerationCache).
 */
const ROW_READS = 3000;

/** Frames built through the patched get: how install() tells which copy of Output Ink uses. */
let frames = 0;
let installed: { Output: OutputClass; originalGet: OutputLike['get'] } | undefined;

/**
 * Ink's Output module, the copy that Ink's renderer uses. By path from here first (what a bundler
 * folds into the same module as `import 'ink'`); then next to wherever `ink` resolves (this file in
 * a bundle whose packages stay external). A copy is taken only once a frame is seen to go through it.
 */
const CANDIDATES: Array<() => Promise<unknown>> = [
  () => import('../../node_modules/ink/build/output.js'),
  () => import(new URL('./output.js', import.meta.resolve('ink')).href),
];

function shapeIsKnown(Output: OutputClass): boolean {
  try {
    const probe = new Output({ width: 1, height: 1 });
    return typeof probe.get === 'function' && Array.isArray(probe.operations) && probe.caches?.styledChars instanceof Map;
  } catch {
    return false;
  }
}

/** Wraps Output#get; answers how to undo it. */
function patch(Output: OutputClass): () => void {
  const originalGet = Output.prototype.get;
  // Rows remembered by their content (see TwoGenerationCache: memory stays bounded while hits survive).
  // A generation is at most 1,000 rows or ROW_READS reads: at 50 rows a frame, about 60 frames.
  const rows = new TwoGenerationCache<string>(1000, ROW_READS);
  // Ink's tokenized-line cache, kept across frames (Ink makes a new one per frame) and started again
  // past STYLED_LINES (see there). Rows that did not change never reach it (`rows` above).
  let caches = new Output({ width: 1, height: 1 }).caches;
  const fresh = () => {
    if (caches.styledChars.size > STYLED_LINES) caches = new Output({ width: 1, height: 1 }).caches;
    return caches;
  };

  Output.prototype.get = function get(this: OutputLike) {
    frames++;
    this.caches = fresh();
    const { width, height } = this;
    // Each row's writes in order, as [x, text, x, text, ...] after Ink's transforms.
    const perRow: Array<Array<number | string>> = Array.from({ length: height }, () => []);
    for (const op of this.operations) {
      if (op.type !== 'write') return originalGet.call(this); // clipping: Ink's own path
      if (!Number.isInteger(op.y)) return originalGet.call(this);
      if (op.y < 0) continue; // Ink draws nothing of a write that starts above the frame
      const lines = op.text.split('\n');
      for (let index = 0; index < lines.length && op.y + index < height; index++) {
        let line = lines[index]!;
        for (const transform of op.transformers) line = transform(line, index);
        if (line.includes('\n')) return originalGet.call(this); // a transform that adds rows
        perRow[op.y + index]!.push(op.x, line);
      }
    }
    const out: string[] = [];
    for (const writes of perRow) {
      if (writes.length === 0) {
        out.push('');
        continue;
      }
      // Lengths make the key unambiguous whatever the texts contain.
      let key = `${width}`;
      for (let i = 0; i < writes.length; i += 2) key += `|${writes[i]}:${(writes[i + 1] as string).length}:${writes[i + 1]}`;
      let text = rows.get(key);
      if (text === undefined) {
        const one = new Output({ width, height: 1 });
        one.caches = caches;
        for (let i = 0; i < writes.length; i += 2) one.write(writes[i] as number, 0, writes[i + 1] as string, { transformers: [] });
        const built: string = originalGet.call(one).output;
        rows.set(key, built);
        text = built;
      }
      out.push(text);
    }
    return { output: out.join('\n'), height };
  };
  installed = { Output, originalGet };
  return () => {
    Output.prototype.get = originalGet;
    installed = undefined;
  };
}

async function install(): Promise<void> {
  for (const load of CANDIDATES) {
    let Output: OutputClass | undefined;
    try {
      const mod = (await load()) as { default?: unknown };
      if (typeof mod.default === 'function') Output = mod.default as OutputClass;
    } catch {
      continue; // not at that path (a hoisted install, a bundle on a host without node_modules)
    }
    if (!Output || !shapeIsKnown(Output)) continue;
    const undo = patch(Output);
    const seen = frames;
    renderToString(createElement(Text, null, 'probe'), { columns: 10 });
    if (frames > seen) return;
    undo(); // a copy Ink does not use
  }
}

await install();

/** Whether frames are being built through the row cache (false: Ink's own path, unchanged). */
export function frameCacheActive(): boolean {
  return installed !== undefined;
}

/** For tests: the same writes through Ink's original `get`, to compare frames. */
export function inkOriginalFrame(width: number, height: number, writes: Array<{ x: number; y: number; text: string; transformers?: Transformer[] }>): string | undefined {
  if (!installed) return undefined;
  const out = new installed.Output({ width, height });
  for (const w of writes) out.write(w.x, w.y, w.text, { transformers: w.transformers ?? [] });
  return installed.originalGet.call(out).output;
}

/** For tests: the same writes through the patched `get`. */
export function cachedFrame(width: number, height: number, writes: Array<{ x: number; y: number; text: string; transformers?: Transformer[] }>): string | undefined {
  if (!installed) return undefined;
  const out = new installed.Output({ width, height });
  for (const w of writes) out.write(w.x, w.y, w.text, { transformers: w.transformers ?? [] });
  return out.get().output;
}
