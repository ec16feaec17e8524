import { expect } from 'vitest';
import { OncallError } from '../../src/domain/errors.js';

/** Awaits a promise that must reject with an OncallError, and returns that error for more checks. */
export async function rejection(p: Promise<unknown>): Promise<OncallError> {
  const outcome = await p.then(
    () => ({ rejected: false as const }),
    (err: unknown) => ({ rejected: true as const, err }),
  );
  if (!outcome.rejected) throw new Error('expected a rejection');
  expect(outcome.err).toBeInstanceOf(OncallError);
  return outcome.err as OncallError;
}

/** Runs `fn`, which must throw a 'usage' OncallError (bad input), and returns it for more checks. */
export function usageOf(fn: () => unknown): OncallError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OncallError);
    expect((err as OncallError).kind).toBe('usage');
    return err as OncallError;
  }
  throw new Error('expected a usage error');
}
