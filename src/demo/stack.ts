import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAlertmanagerFake } from './alertmanager/server.js';
import { DEMO_FROM, DEMO_TOKEN, startFakePagerDuty } from './pagerduty/index.js';
import { parseSloConfig } from '../domain/slo/config.js';
import { answerTable } from './prometheus/answers.js';
import { startPrometheusFake } from './prometheus/server.js';
import { World } from './world.js';
import { runbookFiles } from './world/runbooks.js';
import { serve } from './http.js';
import { seedSilences } from './world/silences.js';
import { DEMO_SLOS } from './world/slos.js';

/**
 * `oncall demo`: Prometheus, Alertmanager and PagerDuty on loopback, in this process, speaking the
 * real APIs, so the dashboard runs with its real clients and every key changes the demo's state.
 */

export interface DemoStackOptions {
  now?: () => Date;
  seed?: number;
  /** How often the world posts alerts and opens/resolves incidents (default 5 s). */
  tickMs?: number;
  /** Fixed ports; 0 or absent picks a free one. */
  ports?: { prometheus?: number; alertmanager?: number; pagerduty?: number };
}

export interface DemoStack {
  prometheusUrl: string;
  alertmanagerUrl: string;
  pagerdutyUrl: string;
  pagerdutyToken: string;
  pagerdutyFrom: string;
  /** A context block as the config file would hold it, slos and runbooks included. */
  contextConfig: Record<string, unknown>;
  /** Runs the world's periodic step now (alerts and incidents); the stack also runs it every tickMs. */
  tick(): void;
  stop(): Promise<void>;
}

export async function startDemoStack(opts: DemoStackOptions = {}): Promise<DemoStack> {
  const now = opts.now ?? (() => new Date());
  const world = new World({ now, seed: opts.seed ?? 42 });
  const closers: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(closers.splice(0).reverse().map((close) => close()));
  };
  try {
    const answers = answerTable(parseSloConfig(DEMO_SLOS), world.metrics.slos);
    const prom = await startPrometheusFake({ answers, now, rules: () => world.rules(), alertHistory: (start, end) => world.alertHistory(start, end), port: opts.ports?.prometheus });
    closers.push(() => prom.close());
    world.prometheusUrl = prom.url;

    const files = runbookFiles();
    const runbookServer = await serve('runbooks', (_req, res, url) => {
      const text = files[decodeURIComponent(url.pathname.replace(/^\/runbooks\//, ''))];
      if (text === undefined) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
      res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' }).end(text);
    });
    closers.push(() => runbookServer.close());
    world.runbookBaseUrl = `${runbookServer.url}/runbooks`;

    const am = await startAlertmanagerFake({ now, beforeRead: (fake) => world.syncAlerts(fake.alerts), port: opts.ports?.alertmanager });
    closers.push(() => am.close());
    seedSilences(am.silences, now().getTime());
    world.syncAlerts(am.alerts);

    const pd = await startFakePagerDuty(world.pagerDutySeed(), opts.ports?.pagerduty ?? 0);
    closers.push(() => pd.close());
    world.syncIncidents(pd);

    const runbooks = await mkdtemp(join(tmpdir(), 'oncall-demo-runbooks-'));
    // Also on a hard exit (a hung-up terminal fails Ink's last write and ends the process), when the
    // async closers never run: the temp folder must not outlive the demo.
    const removeOnExit = () => rmSync(runbooks, { recursive: true, force: true });
    process.once('exit', removeOnExit);
    closers.push(async () => {
      process.off('exit', removeOnExit);
      await rm(runbooks, { recursive: true, force: true });
    });
    await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(runbooks, name), text)));

    const tick = (): void => {
      world.syncAlerts(am.alerts);
      world.syncIncidents(pd);
    };
    const timer = setInterval(tick, opts.tickMs ?? 5000);
    // The demo's servers keep the process alive while they are open; the timer alone must not.
    timer.unref();
    closers.push(async () => clearInterval(timer));

    return {
      prometheusUrl: prom.url,
      alertmanagerUrl: am.url,
      pagerdutyUrl: pd.url,
      pagerdutyToken: DEMO_TOKEN,
      pagerdutyFrom: DEMO_FROM,
      contextConfig: {
        author: DEMO_FROM,
        prometheus: { url: prom.url },
        alertmanager: { urls: [am.url] },
        // A demo-only token for the in-process fake: it opens nothing anywhere else.
        pagerduty: { url: pd.url, token: DEMO_TOKEN, from: DEMO_FROM },
        slos: DEMO_SLOS,
        runbooks: [runbooks],
      },
      tick,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
