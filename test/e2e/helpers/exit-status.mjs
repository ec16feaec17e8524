// node exit-status.mjs <file> <command...>: runs the command on this terminal and writes how it ended
// ("<code> <signal>") to <file>. It outlives a hang-up itself, so a test can read how the command
// ended after the terminal went away.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [file, command, ...args] = process.argv.slice(2);
process.on('SIGHUP', () => {});
const child = spawn(command, args, { stdio: 'inherit' });
child.on('exit', (code, signal) => writeFileSync(file, `${code} ${signal}`));
