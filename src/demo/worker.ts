/**
 * The demo stack's thread (see thread.ts): starts the stack, says where it listens, then ticks or
 * stops when the main thread asks. Everything it serves goes over loopback HTTP, as from a real server.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startDemoStack } from './stack.js';
import type { DemoStackReady, DemoThreadData, DemoThreadRequest } from './thread.js';

const port = parentPort;
if (!port) throw new Error('src/demo/worker.ts runs only as a worker thread (see src/demo/thread.ts)');

const { options } = workerData as DemoThreadData;
const stack = await startDemoStack(options);
port.on('message', (request: DemoThreadRequest) => {
  if (request === 'tick') stack.tick();
  if (request === 'stop') void stack.stop().then(() => port.close());
});
const ready: DemoStackReady = {
  prometheusUrl: stack.prometheusUrl,
  alertmanagerUrl: stack.alertmanagerUrl,
  pagerdutyUrl: stack.pagerdutyUrl,
  pagerdutyToken: stack.pagerdutyToken,
  pagerdutyFrom: stack.pagerdutyFrom,
  contextConfig: stack.contextConfig,
};
port.postMessage(ready);
