import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startDemoStackInThread } from '../../src/demo/thread.js';
import { AlertmanagerClient } from '../../src/sources/alertmanager/client.js';
import { PrometheusClient } from '../../src/sources/prometheus/client.js';

// A worker thread runs JavaScript: the compiled worker from `npm run build` (the test command builds first).
const script = new URL('../../dist/demo/worker.js', import.meta.url);

describe('the demo stack in its own thread', () => {
  it('serves the demo world over loopback, and on stop closes its ports and removes its runbooks folder', async () => {
    expect(existsSync(fileURLToPath(script)), 'dist/demo/worker.js is missing: run `npm run build`').toBe(true);
    const stack = await startDemoStackInThread(script, { seed: 42 });
    const runbooks = (stack.contextConfig.runbooks as string[])[0]!;
    try {
      const am = new AlertmanagerClient({ baseURL: stack.alertmanagerUrl, name: 'alertmanager' });
      expect((await am.alerts({ active: true })).length).toBeGreaterThan(5);
      const prom = new PrometheusClient({ baseURL: stack.prometheusUrl, name: 'prometheus' });
      expect((await prom.rules('record')).length).toBeGreaterThan(0);
      expect(existsSync(runbooks)).toBe(true);
      stack.tick();
    } finally {
      await stack.stop();
    }
    expect(existsSync(runbooks)).toBe(false);
    await expect(fetch(`${stack.alertmanagerUrl}/api/v2/status`)).rejects.toThrow();
  });

  it('stops at once, and still removes its runbooks folder, when the thread already ended on its own', async () => {
    const stack = await startDemoStackInThread(new URL('./fixtures/short-lived-thread.mjs', import.meta.url));
    const runbooks = (stack.contextConfig.runbooks as string[])[0]!;
    expect(await stack.exited).toBe(0);
    expect(existsSync(runbooks)).toBe(true);
    await stack.stop();
    expect(existsSync(runbooks)).toBe(false);
  });

  it('says so when the thread cannot start the stack', async () => {
    await expect(startDemoStackInThread(script, { ports: { alertmanager: -5 } })).rejects.toThrow();
  });
});
