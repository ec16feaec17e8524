import { expect, it } from 'vitest';
import { runFleet } from '../../src/cli/fleet.js';
import { captureIo } from './helpers/io.js';

/**
 * The exit status of a headless command over several contexts, as scripts read it: a breach in any
 * context is 3, a context that could not be read is 1, both are 4 (the breach may not be all there is);
 * bad input for some contexts only (an SLO name another context has) is no failure.
 */
it.each([
  [{ eu: 0, us: 0 }, 0],
  [{ eu: 3, us: 0 }, 3],
  [{ eu: 0, us: 1 }, 1],
  [{ eu: 3, us: 1 }, 4],
  [{ eu: 4, us: 0 }, 4],
  [{ eu: 2, us: 2 }, 2],
  // `slo NAME` where NAME is an SLO of eu only: us says so on stderr, and nothing failed.
  [{ eu: 0, us: 2 }, 0],
  [{ eu: 3, us: 2 }, 3],
])('status over eu and us answering %o exits %i', async (codes, expected) => {
  const io = captureIo({});
  const code = await runFleet({ names: ['eu', 'us'], rest: ['status'] }, io, async (argv, sub) => {
    const name = argv[argv.indexOf('--context') + 1] as 'eu' | 'us';
    sub.stdout.write(`context ${name}\nalerts     0 firing\n`);
    return codes[name];
  });
  expect(code).toBe(expected);
  expect(io.out()).toMatch(/^eu\s+alerts/m);
  expect(io.out()).toMatch(/^us\s+alerts/m);
});
