import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { REPO } from './stack.js';

export interface HeadlessDemo {
  /** What `oncall demo --headless` says to export: the dashboard and the CLI both read this config. */
  configDir: string;
  stop(): Promise<void>;
}

/** Runs the built `oncall demo --headless` and waits for it to print its config directory. */
export async function startHeadlessDemo(env: Record<string, string>, timeoutMs = 60_000): Promise<HeadlessDemo> {
  const child = spawn(process.execPath, ['bin/oncall.js', 'demo', '--headless'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  let out = '';
  try {
    const configDir = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`oncall demo --headless printed no config dir in ${timeoutMs} ms:\n${out}`)), timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /export ONCALL_CONFIG_DIR=(\S+)/.exec(out);
        if (m) (clearTimeout(timer), resolve(m[1]!));
      });
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      void exited.then(() => (clearTimeout(timer), reject(new Error(`oncall demo --headless exited:\n${out}`))));
    });
    return { configDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
