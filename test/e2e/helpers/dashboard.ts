import { DEMO_FROM } from '../../helpers/pagerduty-fake.js';
import type { Stack } from './stack.js';
import { ALERTS, SLO_NAME } from './stack.js';
import type { Tmux } from './tmux.js';

/** What the shell prints when the dashboard ends, so a test can read the exit status off the screen. */
export const EXITED = /oncall exited (\d+)/;

/** Every source answered and the first data of each is on screen. */
export function loaded(screen: string): boolean {
  return (
    /am ● ok/.test(screen) &&
    /pd ● ok/.test(screen) &&
    /prom ● ok/.test(screen) &&
    screen.includes(ALERTS[0]!.labels.alertname) &&
    // At 80 columns the incident title is cut after 'p99 latency > 2s on /' (countdown and service come first).
    screen.includes('p99 latency > 2s on') &&
    // The strip cuts the name short (to 11 characters at 120 columns since it shows the critical line).
    screen.includes(SLO_NAME.slice(0, 8))
  );
}

/** Types the command into the pane's shell and waits until the dashboard shows data from every source. */
export async function openDashboard(t: Tmux, args = '', until: (screen: string) => boolean = loaded, envPrefix = ''): Promise<string> {
  // tmux sets TERM in the pane to its own default-terminal: `envPrefix` (`TERM=… COLORTERM=…`) sets what the dashboard sees.
  const command = [envPrefix, 'node bin/oncall.js', args].filter(Boolean).join(' ');
  await t.run(`${command}; echo "oncall exited $?"`);
  return t.waitForScreen(until, 'the dashboard to load from every source', 30_000);
}

/** The exit status the shell printed after the dashboard ended. */
export async function exitStatus(t: Tmux): Promise<number> {
  const screen = await t.waitForShell(15_000);
  const m = EXITED.exec(screen);
  if (!m) throw new Error(`no exit status on screen:\n${screen}`);
  return Number(m[1]);
}

/** Writes the fake recorded after `from` (an index into pd.requests). */
export function writesSince(stack: Stack, from: number) {
  return stack.pd.requests.slice(from).filter((r) => r.method !== 'GET');
}

export { DEMO_FROM };
