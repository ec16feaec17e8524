import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A tiny driver for a real pseudo-terminal: one tmux server per session (its own socket), a plain
 * shell in the pane, keys sent by name, the screen read with capture-pane. Tests wait for the screen
 * to satisfy a condition; nothing here sleeps a fixed time.
 */

const POLL_MS = 50;
const PROMPT = 'e2e$ ';

export interface TmuxOptions {
  columns: number;
  rows: number;
  cwd: string;
  /** The whole environment of the shell and what it runs: nothing leaks in from the test runner. */
  env: Record<string, string>;
}

export interface Tmux {
  readonly socket: string;
  /** Runs a command line in the pane's shell, as a user would type it. */
  run(commandLine: string): Promise<void>;
  /** Keys by tmux name: 'j', 'Enter', 'Escape', 'Tab', 'Space', 'C-c', 'BTab'. */
  keys(...names: string[]): Promise<void>;
  /** Literal text, typed character by character (no key-name lookup). */
  type(text: string): Promise<void>;
  /** The visible screen, one string per row, trailing blanks trimmed by tmux. */
  screen(): Promise<string>;
  /** The visible screen with its SGR attributes (colour, bold, inverse) as escape sequences. */
  screenWithEscapes(): Promise<string>;
  /** The visible screen with wrapped rows joined back into the line that was written. */
  joinedLines(): Promise<string[]>;
  /** Polls the screen until `predicate` holds; on timeout the error shows the last screen. */
  waitForScreen(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** A tmux format for the pane, e.g. '#{alternate_on}'. */
  format(fmt: string): Promise<string>;
  /** Pids of the processes the shell started (the dashboard while it runs). */
  children(): Promise<number[]>;
  /** Waits for the shell's prompt after the last command: the program in front has exited. */
  waitForShell(timeoutMs?: number): Promise<string>;
  /** Closes the pseudo-terminal, as a dropped SSH session does; what ran in it is left to react. */
  hangUp(): Promise<void>;
  kill(): Promise<void>;
}

function tmux(socket: string, args: string[], env?: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('tmux', ['-L', socket, ...args], { env: env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeout: 10_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`tmux ${args.join(' ')}: ${err.message} ${stderr}`));
      else resolve(stdout);
    });
  });
}

let counter = 0;

export async function startTmux(opts: TmuxOptions): Promise<Tmux> {
  const socket = `oncall-e2e-${process.pid}-${++counter}`;
  const target = `${socket}:0.0`;
  // bash ignores PS1 from the environment; a one-line rc file sets a prompt the tests can wait for.
  const rcDir = await mkdtemp(join(tmpdir(), 'oncall-e2e-sh-'));
  const rc = join(rcDir, 'bashrc');
  await writeFile(rc, `PS1=${JSON.stringify(PROMPT)}\nunset HISTFILE\n`);
  // The server inherits this environment, so the shell and the dashboard see exactly `opts.env`.
  await tmux(
    socket,
    ['-f', '/dev/null', 'new-session', '-d', '-s', socket, '-x', String(opts.columns), '-y', String(opts.rows), '-c', opts.cwd, `bash --noprofile --rcfile ${rc} -i`],
    opts.env,
  );
  // No client ever attaches; a manual window size keeps the pane at exactly columns×rows regardless.
  await tmux(socket, ['set-option', '-t', socket, 'window-size', 'manual']);

  const screen = () => tmux(socket, ['capture-pane', '-p', '-t', target]);
  const format = async (fmt: string) => (await tmux(socket, ['display-message', '-p', '-t', target, fmt])).trim();
  // tmux leaves its socket file behind when the server goes; kill() removes it.
  const socketPath = await format('#{socket_path}');

  async function waitForScreen(predicate: (s: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = await screen();
      if (predicate(last)) return last;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last screen:\n${frame(last)}`);
  }

  const session: Tmux = {
    socket,
    async run(commandLine) {
      await tmux(socket, ['send-keys', '-t', target, '-l', commandLine]);
      await tmux(socket, ['send-keys', '-t', target, 'Enter']);
    },
    async keys(...names) {
      for (const name of names) await tmux(socket, ['send-keys', '-t', target, name]);
    },
    async type(text) {
      await tmux(socket, ['send-keys', '-t', target, '-l', text]);
    },
    screen,
    screenWithEscapes: () => tmux(socket, ['capture-pane', '-p', '-e', '-t', target]),
    async joinedLines() {
      return (await tmux(socket, ['capture-pane', '-p', '-J', '-t', target])).split('\n');
    },
    waitForScreen,
    format,
    async children() {
      const shell = await format('#{pane_pid}');
      return childPids(Number(shell));
    },
    waitForShell(timeoutMs = 15_000) {
      return waitForScreen((s) => lastLine(s) === PROMPT.trimEnd(), 'the shell prompt', timeoutMs);
    },
    async hangUp() {
      await tmux(socket, ['kill-server']);
    },
    async kill() {
      const left = await session.children().catch(() => []);
      await tmux(socket, ['kill-server']).catch(() => undefined);
      await rm(socketPath, { force: true });
      // kill-server hangs up the pane; anything that ignored the hangup is killed by pid.
      for (const pid of left) await stopPid(pid);
      await rm(rcDir, { recursive: true, force: true });
    },
  };
  try {
    await session.waitForShell();
  } catch (err) {
    await session.kill();
    throw err;
  }
  return session;
}

/** The last non-blank row of a screen. */
export function lastLine(screen: string): string {
  const rows = screen.split('\n').map((r) => r.trimEnd()).filter((r) => r !== '');
  return rows[rows.length - 1] ?? '';
}

/** Rows numbered, so a failure message shows where each line sits on the screen. */
export function frame(screen: string): string {
  return screen
    .split('\n')
    .map((row, i) => `${String(i + 1).padStart(2)}|${row}`)
    .join('\n');
}

/** Terminal columns a string takes: wide East Asian characters count 2, combining marks 0. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(ch)) continue;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

function childPids(parent: number): Promise<number[]> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'pid=', '--ppid', String(parent)], (_err, stdout) => {
      resolve(
        stdout
          .split('\n')
          .map((s) => Number(s.trim()))
          .filter((n) => Number.isInteger(n) && n > 0),
      );
    });
  });
}

/** Running, not a zombie: an orphan's exit is reaped by init a moment later, and that is not our concern. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, POLL_MS));
}

/** Waits up to 5 s for a hung-up process to go, then SIGKILLs it and waits for that. */
async function stopPid(pid: number): Promise<void> {
  await until(() => !isRunning(pid), 5000);
  if (!isRunning(pid)) return;
  process.kill(pid, 'SIGKILL');
  await until(() => !isRunning(pid), 5000);
}
