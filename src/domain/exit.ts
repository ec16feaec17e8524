/**
 * Exit codes, the same for every command: scripts, cron jobs and shell prompts branch on them. The
 * table is printed by `oncall --help` and copied into the README (a test keeps the two equal).
 */
export const EXIT_OK = 0;
/** A source could not be read, or a write failed. */
export const EXIT_FAILURE = 1;
/** Bad input: nothing was sent. */
export const EXIT_USAGE = 2;
/** An SLO is breached or a critical alert is firing (`status`, `slo`). */
export const EXIT_BREACH = 3;
/** A breach as for 3, and also a source that could not be read: what was read may not be all of it. */
export const EXIT_BREACH_AND_FAILURE = 4;
/** A write was sent and its answer lost, and reading back could not tell whether it took effect. */
export const EXIT_UNKNOWN = 5;

export const EXIT_CODES: ReadonlyArray<readonly [number, string]> = [
  [EXIT_OK, 'ok'],
  [EXIT_FAILURE, 'failure: a source could not be read, or a write failed'],
  [EXIT_USAGE, 'usage: bad input, nothing was sent'],
  [EXIT_BREACH, 'an SLO is breached or a critical alert is firing (status, slo)'],
  [EXIT_BREACH_AND_FAILURE, 'as 3, and a source could not be read (the breach may not be all there is)'],
  [EXIT_UNKNOWN, "a write's outcome is unknown (its answer was lost): the message says how to check"],
];

/** The table as `--help` and the README show it. */
export function exitCodeTable(): string {
  return ['Exit codes (every command):', ...EXIT_CODES.map(([code, meaning]) => `  ${code}  ${meaning}`)].join('\n');
}

/**
 * The code of a read: a failed source always shows, even beside a breach (a breach alone would hide
 * that the rest could not be seen; a failure alone would hide the breach).
 */
export function readExitCode(outcome: { breach: boolean; failed: boolean }): number {
  if (outcome.breach) return outcome.failed ? EXIT_BREACH_AND_FAILURE : EXIT_BREACH;
  return outcome.failed ? EXIT_FAILURE : EXIT_OK;
}
