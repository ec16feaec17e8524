/** Alternate screen on start; on every way out (quit, signals, crash) the terminal comes back. */

const ENTER_ALT = '\u001b[?1049h';
const LEAVE_ALT = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

export interface TerminalGuard {
  /** Idempotent: safe to call from a signal handler and again from the normal path. */
  restore(): void;
}

export interface GuardOptions {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /** Asked to end the session cleanly (q, ctrl-c, and every signal that would end us: see ENDING_SIGNALS). */
  onSignal(signal: NodeJS.Signals): void;
  /** A crash: the terminal is already restored when this runs. */
  onCrash(err: unknown): void;
}

/**
 * The signals whose default action ends the process and that a program can catch: each would leave
 * the alternate screen on and the terminal raw. (SIGQUIT is Ctrl-\\ in a cooked terminal, or a kill -3.)
 * SIGPROF is left alone: profilers use it.
 */
export const ENDING_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR2', 'SIGALRM'];

export function guardTerminal({ stdout, stdin, onSignal, onCrash }: GuardOptions): TerminalGuard {
  let restored = false;
  const signals = ENDING_SIGNALS;
  const handlers = new Map<NodeJS.Signals, () => void>();
  const restore = () => {
    if (restored) return;
    restored = true;
    for (const [sig, h] of handlers) process.off(sig, h);
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
    try {
      if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
    } catch {
      // A hung-up terminal (SIGHUP) can refuse ioctl; restoring the screen still matters.
    }
    try {
      stdout.write(SHOW_CURSOR + LEAVE_ALT);
    } catch {
      // The SSH session may be gone; nothing left to restore.
    }
  };
  const crash = (err: unknown) => {
    restore();
    onCrash(err);
  };
  for (const sig of signals) {
    const h = () => onSignal(sig);
    handlers.set(sig, h);
    process.on(sig, h);
  }
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  stdout.write(ENTER_ALT);
  return { restore };
}
