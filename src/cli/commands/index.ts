import type { AnyCommand } from '../command.js';
import { configCommand } from './config.js';

/**
 * Every headless command, in the order `oncall --help` lists them. To add one: write
 * src/cli/commands/<name>.ts exporting an OncallCommand<YourOptions>, import it here and append it to the list.
 *
 * These modules are loaded for every invocation, so they must not import ink, react or src/ui:
 * headless commands stay fast and work without a terminal (test/cli/headless.test.ts checks it).
 * The dashboard is loaded lazily by dashboard.ts.
 */
export const commands: AnyCommand[] = [
  configCommand,
  // alerts, silences, silence, incidents, incident, who, status, slo, runbook, demo: appended by their authors
];
