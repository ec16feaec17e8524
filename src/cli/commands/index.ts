import type { AnyCommand } from '../command.js';
import { ackCommand } from './ack.js';
import { alertsCommand } from './alerts.js';
import { configCommand } from './config.js';
import { demoCommand } from './demo.js';
import { handoverCommand } from './handover.js';
import { incidentCommand } from './incident.js';
import { incidentsCommand } from './incidents.js';
import { reportCommand } from './report.js';
import { runbookCommand } from './runbook.js';
import { silenceCommand } from './silence.js';
import { silencesCommand } from './silences.js';
import { sloCommand } from './slo.js';
import { statusCommand } from './status.js';
import { timelineCommand } from './timeline.js';
import { whoCommand } from './who.js';
import { takeCommand } from './take.js';

/**
 * Every headless command, in the order `oncall --help` lists them. To add one: write
 * src/cli/commands/<name>.ts exporting an OncallCommand<YourOptions>, import it here and append it to the list.
 *
 * These modules are loaded for every invocation, so they must not import ink, react or src/ui:
 * headless commands stay fast and work without a terminal (test/cli/headless.test.ts checks it).
 * The dashboard is loaded lazily by dashboard.ts.
 */
export const commands: AnyCommand[] = [
  statusCommand,
  alertsCommand,
  silencesCommand,
  silenceCommand,
  incidentsCommand,
  incidentCommand,
  ackCommand,
  timelineCommand,
  reportCommand,
  handoverCommand,
  whoCommand,
  takeCommand,
  sloCommand,
  configCommand,
  demoCommand,
  runbookCommand,
  // runbook, demo: appended by their authors
];
