import { hash01 } from './random.js';

/**
 * Counters as closed-form functions of time: a request rate with a daily swing and a faster ripple,
 * integrated analytically, plus per-scrape jitter small enough to keep the counter monotonic. Any
 * window of history, even 30 days, costs a few arithmetic operations.
 */

const DAY = 86_400;
const TAU = 2 * Math.PI;

export interface TrafficShape {
  /** Mean events per second. */
  mean: number;
  /** Relative daily swing (0.3 = ±30%); peak in the afternoon UTC. */
  daily?: number;
  /** Relative ripple with a period of `ripplePeriod` seconds. */
  ripple?: number;
  ripplePeriod?: number;
  /** Jitter per scrape, in seconds of mean traffic. */
  jitter?: number;
  /** Distinguishes the jitter of different series. */
  key: number;
}

/** An episode adding `rate` events per second between two unix times. */
export interface Pulse {
  from: number;
  to: number;
  rate: number;
}

export type Counter = (t: number) => number;

export function traffic(shape: TrafficShape, seed: number): Counter {
  const { mean, daily = 0.3, ripple = 0.1, ripplePeriod = 5_400, jitter = 8, key } = shape;
  const phase = DAY * 0.1;
  return (t) => {
    const smooth =
      mean * t -
      ((mean * daily * DAY) / TAU) * Math.cos((TAU * (t - phase)) / DAY) -
      ((mean * ripple * ripplePeriod) / TAU) * Math.cos((TAU * t) / ripplePeriod);
    const noise = (hash01(seed, key, Math.floor(t / 60)) - 0.5) * jitter * mean;
    // Far in the past the counter starts; keep it positive so extrapolation logic never sees < 0.
    return smooth + noise + mean * DAY * 3650;
  };
}

/** Events added by pulses up to time t. */
export function pulses(list: Pulse[]): Counter {
  return (t) => list.reduce((sum, p) => sum + p.rate * Math.min(Math.max(t - p.from, 0), p.to - p.from), 0);
}

/** ratio × a counter, plus pulses: errors that follow traffic, plus incidents. */
export function share(total: Counter, ratio: number, extra: Pulse[] = []): Counter {
  const p = pulses(extra);
  return (t) => ratio * total(t) + p(t);
}

export function minus(a: Counter, b: Counter): Counter {
  return (t) => a(t) - b(t);
}

export function sum(a: Counter, b: Counter): Counter {
  return (t) => a(t) + b(t);
}
