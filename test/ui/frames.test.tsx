import { EventEmitter } from 'node:events';
import { setImmediate as turn } from 'node:timers/promises';
import { render, Text, useInput } from 'ink';
import { useLayoutEffect, useState } from 'react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FRAMES } from '../../src/ui/frames.js';
import { useSettled } from '../../src/ui/hooks/useSettled.js';
import { FakeStdin } from './fakeStdin.js';

class Screen extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 10;
  written = '';
  write = (chunk: string) => ((this.written += chunk), true);
  /** What the last frame written shows. */
  get last(): string {
    return this.written.match(/row \d+( \+ detail)?/g)?.pop() ?? '';
  }
}

/** What React has committed (before Ink draws it), as the dashboard's detail pane: j moves the row at once, the detail follows once keys rest (src/ui/screens/Main.tsx). */
let committed = '';
function Pane() {
  const [row, setRow] = useState(1);
  useInput((input) => input === 'j' && setRow((r) => r + 1));
  const text = `row ${row}${useSettled(row, 120) === row ? ' + detail' : ''}`;
  useLayoutEffect(() => void (committed = text));
  return <Text>{text}</Text>;
}

/** Lets React and Ink run (their work is scheduled with setImmediate and microtasks, not the faked timers) until `done`. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await turn();
}

// Only the timers Ink's frame throttle and useSettled run on are faked: no time passes unless the test says so.
beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => void vi.useRealTimers());

it('draws a key that comes just after a frame nobody asked for (the detail pane settling) at once, not in the next frame slot', async () => {
  const screen = new Screen();
  const stdin = new FakeStdin();
  const ink = render(<Pane />, { stdout: screen as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, exitOnCtrlC: false, patchConsole: false, ...FRAMES });
  await until(() => screen.last === 'row 1 + detail');
  expect(screen.last).toBe('row 1 + detail');

  stdin.send('j');
  await until(() => committed === 'row 2');
  vi.advanceTimersByTime(50);
  await until(() => screen.last === 'row 2');
  expect(screen.last).toBe('row 2');
  // The cursor rests: 120 ms after the key, the detail pane is redrawn.
  await until(() => vi.getTimerCount() === 1);
  vi.advanceTimersToNextTimer();
  await until(() => screen.last === 'row 2 + detail');
  expect(screen.last).toBe('row 2 + detail');

  // Someone typing about 8 keys a second presses the next key just then: its frame is out 1 ms later,
  // not held for the rest of a frame slot after the detail pane's.
  stdin.send('j');
  await until(() => committed === 'row 3');
  expect(committed).toBe('row 3');
  vi.advanceTimersByTime(1);
  await until(() => screen.last === 'row 3');
  expect(screen.last).toBe('row 3');
  ink.unmount();
});
