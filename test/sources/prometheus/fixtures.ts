import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/prometheus');

/** A body recorded from the real Prometheus 2.42 by test/fixtures/prometheus/record.sh. */
export function fixtureText(name: string): string {
  return readFileSync(join(dir, `${name}.json`), 'utf8');
}

export function fixture(name: string): { status: string; data?: unknown; errorType?: string; error?: string } {
  return JSON.parse(fixtureText(name));
}
