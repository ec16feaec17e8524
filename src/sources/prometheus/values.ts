import { OncallError } from '../../domain/errors.js';

/**
 * Prometheus sends sample values as strings so that NaN and the infinities survive JSON.
 * Number("+Inf") is NaN in JavaScript, so the special spellings are read by hand.
 */
export function parseSampleValue(raw: unknown, source: string): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === 'NaN') return NaN;
    if (text === '+Inf' || text === 'Inf') return Infinity;
    if (text === '-Inf') return -Infinity;
    const n = Number(text);
    if (text !== '' && !Number.isNaN(n)) return n;
  }
  throw badResponse(`sample value ${JSON.stringify(raw)} is not a number`, source);
}

/** Timestamps are float seconds since the epoch; kept as seconds, as domain Sample says. */
export function parseTimestamp(raw: unknown, source: string): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  if (Number.isFinite(n)) return n;
  throw badResponse(`timestamp ${JSON.stringify(raw)} is not a number`, source);
}

/** A [timestamp, "value"] pair. */
export function parsePair(raw: unknown, source: string): [number, number] {
  if (!Array.isArray(raw) || raw.length < 2) throw badResponse('a sample is not a [time, value] pair', source);
  return [parseTimestamp(raw[0], source), parseSampleValue(raw[1], source)];
}

/** Seconds with millisecond precision, the form the API takes for time/start/end. */
export function toApiTime(date: Date, what: string): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new OncallError('usage', `${what} is not a valid time`);
  return (ms / 1000).toFixed(3);
}

export function badResponse(what: string, source: string): OncallError {
  return new OncallError('bad_response', `unexpected answer from Prometheus: ${what}`, {
    source,
    hint: 'is the URL pointing at Prometheus (or a compatible /api/v1 such as Thanos or Mimir)?',
  });
}
