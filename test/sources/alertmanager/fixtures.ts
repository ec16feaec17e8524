import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A response recorded from the real Alertmanager 0.25: { status, body }. */
export function recorded(name: string): { status: number; body: unknown } {
  const path = fileURLToPath(new URL(`../../fixtures/alertmanager/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as { status: number; body: unknown };
}
