import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** How often condition waits look again: short enough to be quick, long enough not to load the box. */
export const POLL_MS = 50;

/**
 * Calls `check` until it returns true (a thrown error counts as "not yet"), or fails after
 * `timeoutMs` naming `what` and the last error. Every wait in the tests is one of these: a
 * condition, never a fixed sleep.
 */
export async function pollUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000, everyMs = POLL_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/**
 * Polls `url` until it answers 2xx, or fails after `timeoutMs`. Used to wait for a server we started
 * to be ready (a readiness condition, not a fixed sleep).
 */
export async function waitForHttp(url: string, timeoutMs = 20_000): Promise<void> {
  await pollUntil(async () => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return true;
  }, `${url} to be ready`, timeoutMs);
}
