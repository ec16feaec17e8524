import { expect, it } from 'vitest';
import { runFleet } from '../../src/cli/fleet.js';
import type { Io } from '../../src/cli/io.js';
import { printTable } from '../../src/cli/output.js';
import { captureIo } from './helpers/io.js';

/** Runs `print` as each context's command over eu and us, as `oncall … --context eu,us` would. */
async function merged(print: (name: string, io: Io) => void, columns = 100): Promise<string> {
  const io = captureIo({}, { columns });
  await runFleet({ names: ['eu', 'us'], rest: ['alerts'] }, io, async (argv, sub) => {
    print(argv[argv.indexOf('--context') + 1]!, sub);
    return 0;
  });
  return io.out();
}

const COLUMNS = [{ key: 'alertname', header: 'alertname' }, { key: 'severity', header: 'severity' }, { key: 'service', header: 'service' }];

it('lines every context’s rows up under one header, whatever each context’s own widths', async () => {
  const out = await merged((name, io) =>
    printTable(name === 'eu' ? [{ alertname: 'X', severity: 'warning', service: 'db' }] : [{ alertname: 'AVeryLongAlertNameForDiskFull', severity: 'critical', service: 'checkout-api' }], COLUMNS, io.stdout),
  );
  const [header, ...rows] = out.trimEnd().split('\n');
  expect(header).toMatch(/^CONTEXT\s+ALERTNAME\s+SEVERITY\s+SERVICE$/);
  for (const column of ['SEVERITY', 'SERVICE']) {
    const at = header!.indexOf(column);
    for (const row of rows) expect(row[at - 1], `${column} in ${row}`).toBe(' ');
    for (const row of rows) expect(row[at], `${column} in ${row}`).not.toBe(' ');
  }
  expect(rows).toEqual([expect.stringMatching(/^eu\s+X\s+warning\s+db$/), expect.stringMatching(/^us\s+AVeryLongAlertNameForDiskFull\s+critical\s+checkout-api$/)]);
});

it('keeps every line of output that is no table (slo --history), each after its context', async () => {
  const out = await merged((name, io) => void io.stdout.write(`${name}-checkout  (last 7d)\n  breaches: none\n\n${name}-search  (last 7d)\n  breaches: 1\n`));
  expect(out).toContain('eu       eu-checkout  (last 7d)');
  expect(out).toContain('us       us-checkout  (last 7d)');
  expect(out).toContain('us       us-search  (last 7d)');
});
