import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's heap in use after two full collections (gc is exposed for the call, without --expose-gc at start). */
export function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
