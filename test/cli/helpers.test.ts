import { describe, expect, it } from 'vitest';
import { confirm } from '../../src/cli/confirm.js';
import { describeRequest, formatRequest } from '../../src/cli/dryrun.js';
import { reportError } from '../../src/cli/errors.js';
import { WriteStream } from 'node:tty';
import { colorEnabled, colorLevel, formatTable, paint, printJson, printJsonList, printTable } from '../../src/cli/output.js';
import { assertWritable } from '../../src/cli/readonly.js';
import { OncallError } from '../../src/domain/errors.js';
import { captureIo } from './helpers/io.js';

describe('formatTable', () => {
  const columns = [
    { key: 'id', header: 'id', max: 8 },
    { key: 'summary', header: 'summary' },
    { key: 'service', header: 'service' },
  ];
  const rows = [
    { id: 'P1', summary: 'Disk almost full on db-1 in eu-west, replica lag rising', service: 'db' },
    { id: 'P2', summary: 'short', service: 'checkout-frontend' },
  ];

  it('fits the width by cutting the widest flexible column with an ellipsis', () => {
    const text = formatTable(rows, columns, 40);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(lines[0]).toMatch(/^ID\s+SUMMARY\s+SERVICE$/);
    expect(lines[1]).toContain('…');
    expect(lines[2]).toContain('checkout-frontend');
  });

  it('leaves rows whole when they fit, and never wraps newlines in cells', () => {
    const text = formatTable([{ id: 'a', summary: 'two\nlines', service: 's' }], columns, 200);
    expect(text).toBe('ID  SUMMARY    SERVICE\na   two lines  s\n');
  });

  it('lets two long flexible columns share the room instead of cutting one to nothing', () => {
    const text = formatTable([{ id: 'a', summary: 'x'.repeat(40), service: 'y'.repeat(30) }], columns, 50);
    const [, row] = text.trimEnd().split('\n');
    expect(row!.length).toBeLessThanOrEqual(50);
    const [, summary, service] = row!.split(/\s+/);
    expect(Math.abs(summary!.length - service!.length)).toBeLessThanOrEqual(1);
  });

  it('uses the stream width', () => {
    let out = '';
    printTable(rows, columns, { write: (s: string) => (out += s), columns: 30 });
    for (const l of out.trimEnd().split('\n')) expect(l.length).toBeLessThanOrEqual(30);
  });
});

describe('printJson and colour', () => {
  it('prints Dates as ISO strings', () => {
    let out = '';
    printJson({ at: new Date(Date.UTC(2024, 4, 1, 14)), n: Number.NaN }, { write: (s: string) => (out += s) });
    expect(JSON.parse(out)).toEqual({ at: '2024-05-01T14:00:00.000Z', n: 'NaN' });
  });

  it('keeps real nulls and writes every non-finite number as its name, however deep', () => {
    let out = '';
    const value = { none: null, values: [1, Number.POSITIVE_INFINITY, { x: Number.NEGATIVE_INFINITY }], text: 'nullable', ok: 0.5 };
    printJson(value, { write: (s: string) => (out += s) });
    expect(JSON.parse(out)).toEqual({ none: null, values: [1, 'Infinity', { x: '-Infinity' }], text: 'nullable', ok: 0.5 });
    out = '';
    printJson([{ a: 'b', n: 2 }], { write: (s: string) => (out += s) });
    expect(out).toBe('[\n  {\n    "a": "b",\n    "n": 2\n  }\n]\n');
  });

  it('finds a non-finite number behind a toJSON and leaves text with real nulls as JSON.stringify writes it', () => {
    let out = '';
    const reading = { toJSON: () => ({ value: Number.NaN }) };
    printJson({ endsAt: null, reading }, { write: (s: string) => (out += s) });
    expect(JSON.parse(out)).toEqual({ endsAt: null, reading: { value: 'NaN' } });
    out = '';
    const alerts = [{ silencedBy: [], endsAt: null, at: new Date(0), value: 0 }];
    printJson(alerts, { write: (s: string) => (out += s) });
    expect(out).toBe(`${JSON.stringify(alerts, null, 2)}\n`);
  });

  it('prints a long list in parts with the same bytes as printJson, NaN and Dates included', () => {
    for (const n of [0, 1, 499, 500, 501, 1000, 1234]) {
      const items = Array.from({ length: n }, (_, i) => ({ i, at: new Date(i * 1000), labels: { a: `x${i}` }, none: null, tags: i % 2 ? [] : ['t'] }));
      const toItem = (item: (typeof items)[number]) => ({ ...item, value: item.i === 700 ? Number.NaN : item.i / 2 });
      let whole = '';
      printJson(items.map(toItem), { write: (s: string) => (whole += s) });
      const parts: string[] = [];
      printJsonList(items, toItem, { write: (s: string) => parts.push(s) });
      expect(parts.join('')).toBe(whole);
      expect(parts.length).toBe(Math.max(1, Math.ceil(n / 500)));
    }
  });

  it("prints the same bytes when told the items hold only finite numbers (what `alerts -o json` tells it)", () => {
    const items = Array.from({ length: 1234 }, (_, i) => ({ i, at: new Date(i * 1000), none: null, half: i / 2 }));
    let whole = '';
    printJson(items, { write: (s: string) => (whole += s) });
    const parts: string[] = [];
    printJsonList(items, (item) => item, { write: (s: string) => parts.push(s) }, 'finite');
    expect(parts.join('')).toBe(whole);
  });

  it('turns colour off for NO_COLOR, --no-color and pipes', () => {
    const tty = { write: () => true, isTTY: true };
    expect(colorEnabled({}, {}, tty)).toBe(true);
    expect(colorEnabled({}, { NO_COLOR: '1' }, tty)).toBe(false);
    expect(colorEnabled({ color: false }, {}, tty)).toBe(false);
    expect(colorEnabled({}, {}, { write: () => true })).toBe(false);
    expect(paint(false).red('x')).toBe('x');
    expect(paint(true).red('x')).toBe('\u001b[31mx\u001b[39m');
  });

  it('reads the depth from the terminal as Node does: TERM=dumb none, 256color and truecolor', () => {
    const term = { write: () => true, isTTY: true, getColorDepth: (env?: NodeJS.ProcessEnv) => WriteStream.prototype.getColorDepth.call(null, env) };
    expect(colorLevel({}, { TERM: 'dumb' }, term)).toBe(0);
    expect(colorLevel({}, { TERM: 'xterm-256color' }, term)).toBe(2);
    expect(colorLevel({}, { TERM: 'xterm-256color', COLORTERM: 'truecolor' }, term)).toBe(3);
    expect(colorLevel({}, { TERM: 'xterm-256color', NO_COLOR: '1' }, term)).toBe(0);
    expect(colorLevel({ color: false }, { TERM: 'xterm-256color' }, term)).toBe(0);
  });
});

describe('confirm', () => {
  it('--yes skips the question', async () => {
    expect(await confirm('Expire 3 silences?', { yes: true, io: captureIo({}) })).toBe(true);
  });

  it('refuses without a terminal', async () => {
    await expect(confirm('Expire 3 silences?', { io: captureIo({}) })).rejects.toMatchObject({
      kind: 'usage',
      message: 'refusing to expire 3 silences without --yes (stdin is not a terminal)',
    });
  });

  it('asks on stderr in a terminal; only yes is yes', async () => {
    const io = captureIo({}, { tty: true });
    io.input.end('y\n');
    expect(await confirm('Resolve P123?', { io })).toBe(true);
    expect(io.err()).toBe('Resolve P123? [y/N] ');
    expect(io.out()).toBe('');
    const no = captureIo({}, { tty: true });
    no.input.end('\n');
    expect(await confirm('Resolve P123?', { io: no })).toBe(false);
  });
});

describe('describeRequest', () => {
  it('shows the request with secrets redacted', () => {
    const text = formatRequest({
      method: 'put',
      url: 'https://api.pagerduty.com/incidents/P1?token=abc',
      headers: { Authorization: 'Token token=sekrit', From: 'alice@example.com', 'X-Api-Key': 'k1' },
      body: { incident: { type: 'incident_reference', status: 'acknowledged' } },
    });
    expect(text).toContain('PUT https://api.pagerduty.com/incidents/P1?token=REDACTED');
    expect(text).toContain('Authorization: REDACTED');
    expect(text).toContain('X-Api-Key: REDACTED');
    expect(text).toContain('From: alice@example.com');
    expect(text).toContain('"status": "acknowledged"');
    expect(text).not.toMatch(/sekrit|abc|k1/);
    let out = '';
    describeRequest({ method: 'DELETE', url: 'http://127.0.0.1:9093/api/v2/silence/x' }, { write: (s: string) => (out += s) });
    expect(out).toBe('# dry run: not sent\nDELETE http://127.0.0.1:9093/api/v2/silence/x\n');
  });
});

describe('assertWritable', () => {
  it('says which context and why', () => {
    expect(() => assertWritable({ name: 'prod', readOnly: false }, 'silence.create')).not.toThrow();
    expect(() => assertWritable({ name: 'prod', readOnly: true, readOnlyReason: 'read_only: true in config' }, 'silence.create')).toThrow(
      'context prod is read-only (read_only: true in config): silence.create is disabled',
    );
    const err = (() => {
      try {
        assertWritable({ name: 'prod', readOnly: true, readOnlyReason: '--readonly' }, 'incident.ack');
      } catch (e) {
        return e as OncallError;
      }
    })();
    expect(err?.exitCode).toBe(2);
  });
});

describe('reportError', () => {
  it('prints an OncallError with its hint and exit code', () => {
    const io = captureIo({});
    const code = reportError(new OncallError('auth', 'token rejected', { source: 'pagerduty', hint: 'check PAGERDUTY_API_TOKEN' }), io);
    expect(code).toBe(1);
    expect(io.err()).toBe('error: pagerduty: token rejected\n  hint: check PAGERDUTY_API_TOKEN\n');
  });

  it('hides the stack of an unexpected error unless ONCALL_DEBUG=1, and redacts', () => {
    const quiet = captureIo({});
    expect(reportError(new TypeError('x is undefined; Authorization: Bearer abc.def'), quiet)).toBe(1);
    expect(quiet.err()).not.toContain('    at ');
    expect(quiet.err()).not.toContain('abc.def');
    const loud = captureIo({ ONCALL_DEBUG: '1' });
    reportError(new TypeError('boom'), loud);
    expect(loud.err()).toContain('    at ');
  });
});
