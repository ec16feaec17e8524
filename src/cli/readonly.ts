import { OncallError } from '../domain/errors.js';

/**
 * Stops a write in a read-only context, saying why it is read-only. A usage error (exit 2): the
 * command was refused, nothing failed.
 */
export function assertWritable(ctx: { name: string; readOnly: boolean; readOnlyReason?: string }, action: string): void {
  if (!ctx.readOnly) return;
  const why = ctx.readOnlyReason ?? 'read_only: true in config';
  throw new OncallError('usage', `context ${ctx.name} is read-only (${why}): ${action} is disabled`, {
    hint: why === '--readonly' ? 'run without --readonly' : 'use another context (--context), or set read_only: false for it',
  });
}
