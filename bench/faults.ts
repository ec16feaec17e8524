/**
 * The fault suite: the built binary against a real Alertmanager 0.25, the PagerDuty fake and the demo's
 * Prometheus, each behind a fault-injecting loopback proxy (test/helpers/faults.ts). Writes whose
 * answer is lost, refused or garbled (and the user's retry after a failure message), reads under 429,
 * slow answers, garbage, refused connections, TLS to a plain port, debugging switches, and the
 * dashboard under a PagerDuty 429 in tmux; stdout, stderr, the screen and the audit file are grepped
 * for the three known secrets. Targets: every scenario survived, 0 lost, 0 duplicated, 0 leaked.
 */
import { resolve } from 'node:path';
import { leakedSecrets } from '../test/helpers/faults.js';
import { startFaultWorld, type FaultWorld } from '../test/helpers/fault-world.js';
import { ALL_SECRETS, runAll, type Outcome } from '../test/helpers/fault-scenarios.js';
import { startTmux } from '../test/e2e/helpers/tmux.js';

/** The dashboard while PagerDuty answers 429 with ratelimit-reset 5: what the screen shows, and no secret on it. */
async function dashboardUnder429(w: FaultWorld): Promise<Outcome> {
  const name = 'dashboard, PagerDuty 429 ratelimit-reset 5';
  w.proxies.pd.clear();
  w.proxies.pd.inject({ kind: 'rateLimit', headers: { 'ratelimit-reset': '5' } });
  const t = await startTmux({ columns: 132, rows: 40, cwd: resolve('.'), env: { ...w.env, TERM: 'xterm-256color' } });
  let screens = '';
  try {
    await t.run('node bin/oncall.js; echo "oncall exited $?"');
    const screen = await t.waitForScreen((s) => /pd ● 429 again in \d+s/.test(s), 'the header to say when PagerDuty is asked again', 30_000).catch((err: Error) => err.message);
    screens += screen;
    const shown = /pd ● 429 again in \d+s/.test(screen);
    const from = w.proxies.pd.requests.length;
    await t.waitForScreen(() => w.proxies.pd.requests.length > from, 'the next PagerDuty poll', 15_000).catch(() => undefined);
    const polls = w.proxies.pd.requests;
    const gap = polls.length > from && from > 0 ? (polls[from]!.at - polls[from - 1]!.at) / 1000 : undefined;
    await t.keys('q');
    const end = await t.waitForShell(15_000).catch((err: Error) => err.message);
    screens += end;
    const code = /oncall exited (\d+)/.exec(end)?.[1];
    const honoured = gap !== undefined && gap >= 4.9;
    return {
      name,
      kind: 'read',
      survived: shown && honoured && code === '0',
      lost: 0,
      duplicated: 0,
      leaked: leakedSecrets(screens, ALL_SECRETS),
      note: `header ${shown ? 'said when' : 'did not say when'}; asked again after ${gap?.toFixed(1) ?? '?'}s; exit ${code ?? '?'}`,
    };
  } finally {
    w.proxies.pd.clear();
    await t.kill();
  }
}

function pad(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const w = await startFaultWorld();
  const outcomes: Outcome[] = [];
  const show = (o: Outcome) =>
    console.log(`${pad(o.name, 44)} ${o.survived ? 'ok  ' : 'FAIL'} ${o.lost ? 'lost ' : '     '}${o.duplicated ? 'dup ' : '    '}${o.leaked.length ? `LEAK(${o.leaked.join(',')}) ` : ''}${o.note}`);
  try {
    outcomes.push(...(await runAll(w, show)));
    const dash = await dashboardUnder429(w);
    show(dash);
    outcomes.push(dash);
  } finally {
    await w.stop();
  }
  const writes = outcomes.filter((o) => o.kind === 'write');
  const leaked = outcomes.reduce((n, o) => n + o.leaked.length, 0);
  console.log('');
  console.log(`scenarios tried      ${outcomes.length} (${writes.length} writes, each retried by the user after a failure message)`);
  console.log(`survived             ${outcomes.filter((o) => o.survived).length}/${outcomes.length}   (target: all)`);
  console.log(`writes lost          ${writes.reduce((n, o) => n + o.lost, 0)}   (target: 0)`);
  console.log(`writes duplicated    ${writes.reduce((n, o) => n + o.duplicated, 0)}   (target: 0)`);
  console.log(`secrets leaked       ${leaked}   (target: 0; scenario × secret, in stdout, stderr, the screen, the audit file)`);
  console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

await main();
