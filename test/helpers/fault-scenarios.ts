import { leakedSecrets, refusedUrl, tlsToPlain, writes, type Fault, type FaultProxy } from './faults.js';
import { AM_USER, FAULT_INCIDENTS, SECRETS, type FaultWorld, type RunResult } from './fault-world.js';

/**
 * The fault scenarios, run against a FaultWorld: writes whose answer is lost or refused (and the
 * user's retry after a failure message), reads under 429, slow answers, garbage, refused connections
 * and TLS to a plain port, and debugging switches; every output is grepped for the known secrets.
 */
export interface Outcome {
  name: string;
  kind: 'write' | 'read' | 'secrets';
  survived: boolean;
  /** Writes: 1 when the write is not in effect after the scenario, the user's retry included. */
  lost: number;
  /** Writes: 1 when it took effect more than once (two silences, two notes, +2h instead of +1h). */
  duplicated: number;
  /** Which secrets were printed (stdout, stderr). */
  leaked: string[];
  note: string;
}

export const ALL_SECRETS = Object.values(SECRETS);
const BASIC = [{ username: AM_USER, password: SECRETS.alertmanagerPassword }];

/** Ended on its own, with a code from the table and no stack trace or "unexpected failure". */
export function crashed(r: RunResult): string | undefined {
  if (r.timedOut) return 'hung (killed after the timeout)';
  if (r.code === null || r.code > 5) return `exit ${r.code}`;
  if (/unexpected failure|^\s+at .+:\d+:\d+\)?$/m.test(r.err)) return 'stack trace or unexpected failure';
  return undefined;
}

const firstLine = (r: RunResult) => (r.err.split('\n').find((l) => l.startsWith('error:')) ?? r.err.split('\n')[0] ?? '').slice(0, 90);
const leaksOf = (...runs: RunResult[]) => leakedSecrets(runs.map((r) => r.out + r.err).join('\n'), ALL_SECRETS, BASIC);

interface WriteCase {
  name: string;
  proxy: 'am' | 'pd';
  fault: Fault;
  /** Prepares the target and returns the command line and how many times the write is in effect. */
  setup(w: FaultWorld): Promise<{ args: string[]; effect: () => Promise<number> }>;
}

/**
 * A write under a fault, then, if it did not say "done", the same command again without the fault, as
 * a user does after a failure message. The first answer must be true: exit 0 only when it took
 * effect, 1 only when it did not, 5 (unknown) either way.
 */
async function writeScenario(w: FaultWorld, c: WriteCase): Promise<Outcome> {
  const proxy: FaultProxy = w.proxies[c.proxy];
  const { args, effect } = await c.setup(w);
  proxy.clear();
  proxy.inject(c.fault, { count: 1, match: writes });
  const first = await w.oncall(args);
  proxy.clear();
  const after = await effect();
  const honest = first.code === 0 ? after >= 1 : first.code === 1 || first.code === 2 ? after === 0 : first.code === 5;
  const retry = first.code === 0 ? undefined : await w.oncall(args);
  const final = await effect();
  const broke = crashed(first) ?? (retry && crashed(retry));
  const said = `exit ${first.code}${retry ? `, retry exit ${retry.code}` : ''}, in effect ${final}×`;
  return {
    name: c.name,
    kind: 'write',
    survived: !broke && honest,
    lost: final === 0 ? 1 : 0,
    duplicated: final > 1 ? 1 : 0,
    leaked: leaksOf(first, ...(retry ? [retry] : [])),
    note: broke ? `${said}; ${broke}` : honest ? said : `${said}; said "${firstLine(first)}" but it ${after ? 'took effect' : 'did not'}`,
  };
}

let serial = 0;
const silenceAdd = (w: FaultWorld) => {
  const tag = `FaultAdd${++serial}`;
  return Promise.resolve({
    args: ['silence', 'add', `alertname=${tag}`, '--comment', `fault ${tag}`, '--duration', '1h', '--yes'],
    effect: async () => (await w.silences()).filter((s) => s.comment === `fault ${tag}` && s.status.state !== 'expired').length,
  });
};
const silenceExtend = async (w: FaultWorld) => {
  const tag = `FaultExtend${++serial}`;
  const id = await w.createSilence(tag, 1);
  const before = Date.parse((await w.silences()).find((s) => s.id === id)!.endsAt);
  return {
    args: ['silence', 'extend', id, '--by', '1h', '--yes'],
    // Alertmanager may replace the silence: the furthest end among those for this alertname counts.
    effect: async () => {
      const ends = (await w.silences()).filter((s) => s.matchers[0]?.value === tag && s.status.state !== 'expired').map((s) => Date.parse(s.endsAt));
      return ends.length ? Math.round((Math.max(...ends) - before) / 3_600_000) : 0;
    },
  };
};
const silenceExpire = async (w: FaultWorld) => {
  const id = await w.createSilence(`FaultExpire${++serial}`, 1);
  return { args: ['silence', 'expire', id, '--yes'], effect: async () => ((await w.silences()).find((s) => s.id === id)?.status.state === 'expired' ? 1 : 0) };
};
let nextIncident = 0;
const incidentStatus = (verb: 'ack' | 'resolve', status: string) => (w: FaultWorld) => {
  const id = FAULT_INCIDENTS[nextIncident++]!;
  return Promise.resolve({ args: ['incident', verb, id, '--yes'], effect: async () => (w.pd.state.incidents.find((i) => i.id === id)?.status === status ? 1 : 0) });
};
const incidentNote = (w: FaultWorld) => {
  const id = FAULT_INCIDENTS[nextIncident++]!;
  const text = `fault note ${id}`;
  return Promise.resolve({ args: ['incident', 'note', id, text], effect: async () => w.pd.state.incidents.find((i) => i.id === id)!.notes.filter((n) => n.content === text).length });
};

const lost: Fault = { kind: 'dropAnswer' };
const limited: Fault = { kind: 'rateLimit', headers: { 'ratelimit-reset': '2' } };
/** The answer is lost and the source is gone while oncall reads back: the outcome cannot be known (exit 5). */
const lostThenDown: Fault = { kind: 'dropAnswer', thenReset: 50 };
export const WRITE_CASES: WriteCase[] = [
  { name: 'silence add, answer lost', proxy: 'am', fault: lost, setup: silenceAdd },
  { name: 'silence extend, answer lost', proxy: 'am', fault: lost, setup: silenceExtend },
  { name: 'silence expire, answer lost', proxy: 'am', fault: lost, setup: silenceExpire },
  { name: 'incident ack, answer lost', proxy: 'pd', fault: lost, setup: incidentStatus('ack', 'acknowledged') },
  { name: 'incident resolve, answer lost', proxy: 'pd', fault: lost, setup: incidentStatus('resolve', 'resolved') },
  { name: 'incident note, answer lost', proxy: 'pd', fault: lost, setup: incidentNote },
  { name: 'silence add, answer lost, read-back fails', proxy: 'am', fault: lostThenDown, setup: silenceAdd },
  { name: 'silence extend, answer lost, read-back fails', proxy: 'am', fault: lostThenDown, setup: silenceExtend },
  { name: 'incident note, answer lost, read-back fails', proxy: 'pd', fault: lostThenDown, setup: incidentNote },
  { name: 'incident ack, answer lost, read-back fails', proxy: 'pd', fault: lostThenDown, setup: incidentStatus('ack', 'acknowledged') },
  { name: 'silence add, 429 ratelimit-reset 2', proxy: 'am', fault: limited, setup: silenceAdd },
  { name: 'incident note, 429 ratelimit-reset 2', proxy: 'pd', fault: limited, setup: incidentNote },
  { name: 'silence add, connection reset unsent', proxy: 'am', fault: { kind: 'reset' }, setup: silenceAdd },
  { name: 'incident ack, garbage answer', proxy: 'pd', fault: { kind: 'garbage' }, setup: incidentStatus('ack', 'acknowledged') },
];

interface ReadCase {
  name: string;
  kind?: 'read' | 'secrets';
  run(w: FaultWorld): Promise<{ runs: RunResult[]; ok: boolean; note: string }>;
}

/** A read with a fault on its source's proxy: `ok` decides from the exit code and what was said. */
function readCase(
  name: string,
  proxy: 'am' | 'pd' | 'prom',
  fault: Fault,
  count: number,
  args: string[],
  ok: (r: RunResult, p: FaultProxy) => boolean,
  match?: (method: string, path: string) => boolean,
): ReadCase {
  return {
    name,
    run: async (w) => {
      const p = w.proxies[proxy];
      p.clear();
      const from = p.requests.length;
      p.inject(fault, { count, ...(match ? { match } : {}) });
      const r = await w.oncall(args);
      p.clear();
      const seen = p.requests.slice(from).filter((q) => !match || match(q.method, q.path));
      // Prometheus is asked many queries at once: the gap between two of them says nothing.
      const gap = fault.kind === 'rateLimit' && proxy !== 'prom' && seen.length > 1 ? `, asked again after ${((seen[1]!.at - seen[0]!.at) / 1000).toFixed(1)}s` : '';
      return { runs: [r], ok: ok(r, { ...p, requests: seen }), note: `exit ${r.code} in ${(r.ms / 1000).toFixed(1)}s${gap}${r.code && r.code !== 3 ? `: ${firstLine(r)}` : ''}` };
    },
  };
}

/** The second request came no sooner than the 429 said. */
const waited = (seconds: number) => (_r: RunResult, p: FaultProxy) => p.requests.length > 1 && p.requests[1]!.at - p.requests[0]!.at >= seconds * 1000 - 50;
const oneLineFailure = (r: RunResult) => r.code === 1 && r.err.split('\n').filter((l) => l.startsWith('error:')).length === 1;

export const READ_CASES: ReadCase[] = [
  readCase('alerts, 429 ratelimit-reset 2', 'am', limited, 1, ['alerts', '-o', 'json'], (r, p) => r.code === 0 && waited(2)(r, p)),
  readCase('incidents, 429 retry-after 2', 'pd', { kind: 'rateLimit', headers: { 'retry-after': '2' } }, 1, ['incidents', '-o', 'json'], (r, p) => r.code === 0 && waited(2)(r, p)),
  // Queries only: the rules lookup (SLO discovery) is another matter.
  readCase('slo, 429 ratelimit-reset 2 on a query', 'prom', limited, 1, ['slo'], (r) => r.code === 3 && r.ms >= 2000, (_m, path) => path.startsWith('/api/v1/query')),
  readCase('slo, 429 retry-after: an HTTP date 10 min on', 'prom', { kind: 'rateLimit', headers: { 'retry-after': new Date(Date.now() + 600_000).toUTCString() } }, 1, ['slo'],
    // Ten minutes are not sat out: the command says how long and counts the source as failed (4 beside a breach, else 1).
    (r) => (r.code === 4 || r.code === 1) && /wait \d+s/.test(r.err), (_m, path) => path.startsWith('/api/v1/query')),
  readCase('alerts, answer 1.5 s late', 'am', { kind: 'slow', ms: 1500 }, 1, ['alerts'], (r) => r.code === 0),
  readCase('incidents, garbage body', 'pd', { kind: 'garbage' }, 100, ['incidents'], oneLineFailure),
  readCase('alerts, garbage body', 'am', { kind: 'garbage' }, 100, ['alerts'], oneLineFailure),
  readCase('slo, garbage body', 'prom', { kind: 'garbage' }, 1000, ['slo'], (r) => r.code === 1),
  {
    name: 'alerts, connection refused',
    run: async (w) => {
      const r = await w.oncall(['alerts', '--alertmanager-url', await refusedUrl()]);
      return { runs: [r], ok: oneLineFailure(r) && /connection refused/.test(r.err), note: `exit ${r.code}: ${firstLine(r)}` };
    },
  },
  {
    name: 'status, PagerDuty refused, critical firing',
    run: async (w) => {
      const r = await w.oncall(['status', '--pagerduty-url', await refusedUrl()]);
      return { runs: [r], ok: r.code === 4, note: `exit ${r.code}` };
    },
  },
  {
    name: 'alerts, TLS to a plain port',
    run: async (w) => {
      const r = await w.oncall(['alerts', '--alertmanager-url', tlsToPlain(w.am.url)]);
      // Issue 11: not just EPROTO, but "this looks like an http:// port".
      const hinted = /http:\/\//.test(r.err.replace(/https?:\/\/127\.0\.0\.1:\d+\S*/g, ''));
      return { runs: [r], ok: oneLineFailure(r) && hinted, note: `exit ${r.code}: ${firstLine(r)}${hinted ? '' : ' (no http:// hint)'}` };
    },
  },
  ...(['DEBUG=*', 'NODE_DEBUG=http,https,net,tls'] as const).flatMap((sw): ReadCase[] => {
    const [key, value] = sw.split('=') as [string, string];
    const survive = (r: RunResult) => !crashed(r);
    return [
      { name: `incidents with ${sw}`, kind: 'secrets', run: async (w) => { const r = await w.oncall(['incidents'], { env: { [key]: value } }); return { runs: [r], ok: survive(r), note: `exit ${r.code}` }; } },
      { name: `alerts with ${sw}`, kind: 'secrets', run: async (w) => { const r = await w.oncall(['alerts'], { env: { [key]: value } }); return { runs: [r], ok: survive(r), note: `exit ${r.code}` }; } },
      { name: `slo with ${sw}`, kind: 'secrets', run: async (w) => { const r = await w.oncall(['slo'], { env: { [key]: value } }); return { runs: [r], ok: survive(r), note: `exit ${r.code}` }; } },
    ];
  }),
];

export async function runReadCase(w: FaultWorld, c: ReadCase): Promise<Outcome> {
  const { runs, ok, note } = await c.run(w);
  const broke = runs.map(crashed).find(Boolean);
  return { name: c.name, kind: c.kind ?? 'read', survived: ok && !broke, lost: 0, duplicated: 0, leaked: leaksOf(...runs), note: broke ? `${note}; ${broke}` : note };
}

/** One scenario by name (tests pick a few; the bench runs them all). */
export function runScenario(w: FaultWorld, name: string): Promise<Outcome> {
  const write = WRITE_CASES.find((c) => c.name === name);
  if (write) return writeScenario(w, write);
  const read = READ_CASES.find((c) => c.name === name);
  if (read) return runReadCase(w, read);
  throw new Error(`no fault scenario named "${name}"`);
}

/** The audit file, grepped for the secrets after the writes. */
export async function auditOutcome(w: FaultWorld): Promise<Outcome> {
  const leaked = leakedSecrets(await w.auditText(), ALL_SECRETS, BASIC);
  return { name: 'audit file (every write above)', kind: 'secrets', survived: true, lost: 0, duplicated: 0, leaked, note: 'grepped for the three secrets' };
}

/** Every scenario in turn (they share one world; each uses its own silence or incident). */
export async function runAll(w: FaultWorld, onOutcome: (o: Outcome) => void = () => {}): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const c of WRITE_CASES) out.push(await writeScenario(w, c)), onOutcome(out.at(-1)!);
  for (const c of READ_CASES) out.push(await runReadCase(w, c)), onOutcome(out.at(-1)!);
  out.push(await auditOutcome(w));
  onOutcome(out.at(-1)!);
  return out;
}
