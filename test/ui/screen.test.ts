import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ScreenWriter } from '../../src/ui/screen.js';

class Terminal extends EventEmitter {
  columns = 20;
  rows = 5;
  isTTY = true;
  writes: string[] = [];
  write = (chunk: string) => {
    this.writes.push(chunk);
    return true;
  };
}

// What Ink 6.8 writes: erase the previous frame line by line, then the whole new frame.
const erase = (n: number) => (n === 0 ? '' : `${'\u001b[2K\u001b[1A'.repeat(n - 1)}\u001b[2K\u001b[G`);

describe('ScreenWriter', () => {
  it('paints the first frame whole, then only the lines that changed, at absolute positions', () => {
    const term = new Terminal();
    const screen = new ScreenWriter(term);
    screen.write('header\n> row 1\n  row 2\nfooter\n');
    expect(term.writes.join('')).toBe('\u001b[H\u001b[2J\u001b[1;1Hheader\u001b[K\u001b[2;1H> row 1\u001b[K\u001b[3;1H  row 2\u001b[K\u001b[4;1Hfooter\u001b[K');
    term.writes = [];
    screen.write(`${erase(5)}header\n  row 1\n> row 2\nfooter\n`);
    expect(term.writes).toEqual(['\u001b[2;1H  row 1\u001b[K\u001b[3;1H> row 2\u001b[K']);
  });

  it('understands the clear-the-terminal frames Ink writes when the frame fills the screen', () => {
    const term = new Terminal();
    const screen = new ScreenWriter(term);
    screen.write('a\nb\nc');
    term.writes = [];
    screen.write('\u001b[2J\u001b[3J\u001b[Ha\nB\nc');
    expect(term.writes).toEqual(['\u001b[2;1HB\u001b[K']);
  });

  it('clears lines the new frame no longer has, and repaints everything after a resize', () => {
    const term = new Terminal();
    const screen = new ScreenWriter(term);
    const resized: string[] = [];
    screen.on('resize', () => resized.push('r'));
    screen.write('a\nb\nc\n');
    term.writes = [];
    screen.write(`${erase(4)}a\nb\n`);
    expect(term.writes).toEqual(['\u001b[3;1H\u001b[K']);
    term.emit('resize');
    expect(resized).toEqual(['r']);
    term.writes = [];
    screen.write(`${erase(3)}a\nb\n`);
    expect(term.writes[0]?.startsWith('\u001b[H\u001b[2J')).toBe(true);
  });

  it('sends nothing for an unchanged frame, not even its synchronized-update brackets', () => {
    const term = new Terminal();
    const screen = new ScreenWriter(term);
    screen.write('a\nb\n');
    term.writes = [];
    screen.write('\u001b[?2026h');
    screen.write(`${erase(3)}a\nb\n`);
    screen.write('\u001b[?2026l');
    expect(term.writes).toEqual([]);
    screen.write('\u001b[?2026h');
    screen.write(`${erase(3)}a\nX\n`);
    screen.write('\u001b[?2026l');
    expect(term.writes).toEqual(['\u001b[?2026h\u001b[2;1HX\u001b[K', '\u001b[?2026l']);
  });

  it('passes cursor show and hide through and reports the terminal size', () => {
    const term = new Terminal();
    const screen = new ScreenWriter(term);
    screen.write('\u001b[?25l');
    expect(term.writes).toEqual(['\u001b[?25l']);
    expect([screen.columns, screen.rows, screen.isTTY]).toEqual([20, 5, true]);
  });
});

describe('ASCII mode', () => {
  it('sends nothing but ASCII, one column for one, whatever a message contains', () => {
    const term = new Terminal();
    const screen = new ScreenWriter(term, { ascii: true });
    screen.write('▶ ● HighCPU · search ×2 — 4m…\n日本\n');
    const out = term.writes.join('');
    expect(out).toMatch(/^[\x00-\x7f]*$/);
    expect(out).toContain('> * HighCPU - search x2 - 4m~');
  });
});
