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
