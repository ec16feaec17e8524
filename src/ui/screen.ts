import { EventEmitter } from 'node:events';

/**
 * Sits between Ink and the terminal and rewrites only the lines that changed, addressed absolutely.
 *
 * Why not Ink's own `incrementalRendering`: in Ink 6.8 it moves the cursor one line too few after a
 * frame that ends in a newline (every frame shorter than the screen), so the picture drifts down a
 * line; and a frame as tall as the screen makes Ink clear the whole terminal on every render, which
 * is the flicker over SSH the dashboard must avoid. Ink renders full frames; this keeps the last one
 * and sends the difference: a cursor move costs two lines, not a screen.
 */

// What Ink puts before a frame: erase-lines runs, cursor up/left, clear screen and scrollback, home.
// eslint-disable-next-line no-control-regex
const FRAME_PREFIX = /^(?:\u001b\[2K|\u001b\[\d*A|\u001b\[G|\u001b\[2J|\u001b\[3J|\u001b\[H|\u001bc)*/;
// eslint-disable-next-line no-control-regex
const MODE_ONLY = /^(?:\u001b\[\?\d+[hl])+$/;

export interface ScreenTarget {
  write(chunk: string): unknown;
  columns?: number;
  rows?: number;
  isTTY?: boolean;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

// ASCII mode promises plain ASCII on the wire, whatever a message contains: one column for one.
const ASCII_FALLBACK: Record<string, string> = {
  '…': '~', '—': '-', '–': '-', '·': '-', '×': 'x', '→': '>', '←': '<', '↑': '^', '↓': 'v',
  '▶': '>', '●': '*', '▾': 'v', '│': '|', '─': '-', '┌': '+', '┐': '+', '└': '+', '┘': '+',
  '‘': "'", '’': "'", '“': '"', '”': '"',
};

export function toAscii(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[^\u0000-\u007f]/gu, (ch) => ASCII_FALLBACK[ch] ?? '?');
}

const BSU = '\u001b[?2026h';
const ESU = '\u001b[?2026l';

export class ScreenWriter extends EventEmitter {
  private previous: string[] | undefined;
  /** A begin-synchronized-update held back until something is painted, so empty frames cost nothing. */
  private heldBsu = false;
  private readonly onResize = () => {
    // After a resize the terminal may have reflowed: forget what is on screen and paint it all.
    this.previous = undefined;
    this.emit('resize');
  };

  constructor(
    private readonly target: ScreenTarget,
    private readonly options: { ascii?: boolean } = {},
  ) {
    super();
    target.on('resize', this.onResize);
  }

  get columns(): number {
    return this.target.columns ?? 80;
  }

  get rows(): number {
    return this.target.rows ?? 24;
  }

  get isTTY(): boolean {
    return this.target.isTTY ?? false;
  }

  /** Forces the next frame to be painted in full (after something else wrote to the terminal). */
  invalidate(): void {
    this.previous = undefined;
  }

  /**
   * Writes a sequence that draws nothing (OSC 52 clipboard) straight to the terminal, between
   * frames. It moves no cursor and prints no cell, so the lines kept for diffing stay true; and
   * it skips the ASCII transliteration a frame gets, which would corrupt it.
   */
  passthrough(sequence: string): void {
    this.target.write(sequence);
  }

  detach(): void {
    this.target.off('resize', this.onResize);
  }

  write = (chunk: string | Uint8Array): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const body = text.replace(FRAME_PREFIX, '');
    if (body === '') return true; // a bare erase: the diff below already keeps the screen right
    if (text === BSU) {
      this.heldBsu = true;
      return true;
    }
    if (text === ESU && this.heldBsu) {
      this.heldBsu = false; // nothing was painted in between
      return true;
    }
    if (MODE_ONLY.test(body) && body === text) {
      this.target.write(text); // cursor hide/show, the end of a synchronized update
      return true;
    }
    this.paint(body.endsWith('\n') ? body.slice(0, -1) : body);
    return true;
  };

  private paint(frame: string): void {
    const lines = (this.options.ascii ? toAscii(frame) : frame).split('\n');
    const before = this.previous;
    let out = before ? '' : '\u001b[H\u001b[2J';
    const height = Math.max(lines.length, before?.length ?? 0);
    for (let i = 0; i < height; i++) {
      const line = lines[i];
      if (before && line === before[i]) continue;
      out += `\u001b[${i + 1};1H${line ?? ''}\u001b[K`;
    }
    this.previous = lines;
    if (out === '') return;
    // Terminals that know synchronized output show the changed lines at once, never half a frame.
    this.target.write(this.heldBsu ? BSU + out : out);
    this.heldBsu = false;
  }
}
