import type { CommandModule } from 'yargs';
import type { GlobalFlags } from './flags.js';
import type { Io } from './io.js';

/** What every handler receives: the global flags plus the streams to use (set by a middleware in main.ts). */
export interface CliArgs extends GlobalFlags {
  io: Io;
}

/**
 * A command module as registered in commands/index.ts. `A` is the command's own options; handlers
 * may be async, and throw OncallError for anything the user should see (errors.ts prints it).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type OncallCommand<A = {}> = CommandModule<CliArgs, CliArgs & A>;

/** The list in commands/index.ts holds commands with different options. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandModule<CliArgs, any>;

/**
 * Ends the command with an exit code after the command itself already said why (e.g. `config
 * validate` printed which source failed). errors.ts prints nothing more for it.
 */
export class SilentExit extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.name = 'SilentExit';
    this.code = code;
  }
}
