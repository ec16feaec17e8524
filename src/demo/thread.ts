/**
 * `oncall demo` runs its stack in a worker thread: the fake servers' work (building the world,
 * answering the dashboard's first burst of requests) then runs on another core
 * instead of queueing behind the dashboard's own start-up, and the dashboard talks to them over
 * loopback exactly as it would to remote servers.
 */
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { DemoStack, DemoStackOptions } from './stack.js';

/**
 * In the demo thread's process.argv: a bundle's entry looks for it to run the stack instead of the CLI
 * (an argument, so the entry need not load node:worker_threads to ask whether it is a worker).
 */
export const DEMO_THREAD_ARG = '--oncall-demo-stack-thread';

/** Options that cross to the thread: plain data only (no clock function). */
export type DemoThreadOptions = Omit<DemoStackOptions, 'now'>;
export interface DemoThreadData {
  options: DemoThreadOptions;
}
export type DemoThreadRequest = 'tick' | 'stop';
export type DemoStackReady = Omit<DemoStack, 'tick' | 'stop'>;

/** A stopped thread that does not exit by then is terminated. */
const STOP_GRACE_MS = 3000;

/** The stack in its thread; `exited` settles with the thread's exit code when it ends, stopped or not. */
export type ThreadedDemoStack = DemoStack & { exited: Promise<number> };

/** Starts the stack in a worker running `script` (src/demo/worker.ts, or a bundle that runs it when given DEMO_THREAD_ARG). */
export function startDemoStackInThread(script: URL, options: DemoThreadOptions = {}): Promise<ThreadedDemoStack> {
  const data: DemoThreadData = { options };
  const worker = new Worker(script, { workerData: data, argv: [DEMO_THREAD_ARG] });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  return new Promise<ThreadedDemoStack>((resolve, reject) => {
    const failedToStart = (err: unknown) => reject(err instanceof Error ? err : new Error(String(err)));
    const exitedEarly = (code: number) => reject(new Error(`the demo stack's thread exited (code ${code}) before it was ready`));
    worker.once('error', failedToStart);
    worker.once('exit', exitedEarly);
    worker.once('message', (ready: DemoStackReady) => {
      worker.off('error', failedToStart);
      worker.off('exit', exitedEarly);
      // Later failures show up as failing sources on the dashboard; an unheard 'error' would crash it.
      worker.on('error', () => {});
      // A thread that died on its own (a crash in a fake server) has nothing left to stop.
      let gone = false;
      worker.once('exit', () => (gone = true));
      // A hard exit of the whole process (a hung-up terminal fails Ink's last write) skips stop():
      // the runbooks folder the thread wrote must still go.
      const folders = (ready.contextConfig.runbooks as string[] | undefined) ?? [];
      const removeOnExit = () => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
      process.once('exit', removeOnExit);
      let stopped: Promise<void> | undefined;
      resolve({
        ...ready,
        exited,
        tick: () => worker.postMessage('tick' satisfies DemoThreadRequest),
        stop: () =>
          (stopped ??= new Promise<void>((done) => {
            const finished = () => {
              process.off('exit', removeOnExit);
              removeOnExit();
              done();
            };
            if (gone) return finished();
            const force = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
            worker.once('exit', () => {
              clearTimeout(force);
              finished();
            });
            worker.postMessage('stop' satisfies DemoThreadRequest);
          })),
      });
    });
  });
}
