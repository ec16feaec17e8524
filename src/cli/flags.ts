/**
 * Options every command accepts. yargs fills these from `--kebab-case` flags (camel-cased); tests and
 * the dashboard build them by hand, so everything but `output` is optional.
 */
export interface GlobalFlags {
  context?: string;
  configDir?: string;
  prometheusUrl?: string;
  /** Repeatable; each value may also be a comma-separated list (HA peers). */
  alertmanagerUrl?: string[];
  pagerdutyUrl?: string;
  readonly?: boolean;
  output?: 'table' | 'wide' | 'json' | 'md';
  dryRun?: boolean;
  yes?: boolean;
  /** false for --no-color */
  color?: boolean;
}

export type SourceName = 'prometheus' | 'alertmanager' | 'pagerduty';
export const ALL_SOURCES: readonly SourceName[] = ['prometheus', 'alertmanager', 'pagerduty'];

/**
 * A repeatable option that takes one value each time (`--status triggered --status resolved`). Not a
 * yargs array: an array option refuses a value that starts with "-" ("Not enough arguments following"),
 * where `requiresArg` takes `-5m` as the value and lets the command say what is wrong with it.
 */
export function repeatable(describe: string) {
  return { type: 'string', requiresArg: true, describe, coerce: (v: string | string[]): string[] => [v].flat() } as const;
}
