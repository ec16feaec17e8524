/**
 * Equality of the parts of an alert the dashboard reads, without making anything: the poller compares
 * every alert of every answer with the one it holds (src/state/keepUnchanged.ts,
 * src/sources/alertmanager/held.ts).
 */

/** Two lists of strings with the same items in the same order. */
export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Two label sets (or annotations) with the same names and values. */
export function sameValues(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}
