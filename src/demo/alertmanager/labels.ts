import type { Labels } from '../../domain/types.js';

/** Label-set helpers with Alertmanager's exact semantics: fingerprints and sort orders clients see. */

const OFFSET = 14695981039346656037n;
const PRIME = 1099511628211n;
const MASK = (1n << 64n) - 1n;

/** prometheus/common model.LabelSet.Fingerprint: FNV-1a 64 over sorted name 0xff value 0xff. */
export function fingerprint(labels: Labels): string {
  let sum = OFFSET;
  const add = (byte: number): void => {
    sum ^= BigInt(byte);
    sum = (sum * PRIME) & MASK;
  };
  for (const name of Object.keys(labels).sort()) {
    for (const b of Buffer.from(name, 'utf8')) add(b);
    add(0xff);
    for (const b of Buffer.from(labels[name]!, 'utf8')) add(b);
    add(0xff);
  }
  return sum.toString(16).padStart(16, '0');
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** model.LabelSet.Before: fewer labels first, then by sorted names and values. */
export function labelsBefore(a: Labels, b: Labels): boolean {
  const an = Object.keys(a);
  const bn = Object.keys(b);
  if (an.length !== bn.length) return an.length < bn.length;
  for (const name of [...an, ...bn].sort(compareStrings)) {
    const av = a[name];
    const bv = b[name];
    if (av === undefined) return true;
    if (bv === undefined) return false;
    if (av !== bv) return av < bv;
  }
  return false;
}

/** types.AlertSlice.Less: job, then instance, then the label set. */
export function alertLess(a: Labels, b: Labels): boolean {
  for (const key of ['job', 'instance']) {
    const av = a[key];
    const bv = b[key];
    if (av === undefined && bv === undefined) continue;
    if (av === undefined) return false;
    if (bv === undefined) return true;
    if (av !== bv) return av < bv;
  }
  return labelsBefore(a, b);
}

export function sortBy<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  return items.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}
