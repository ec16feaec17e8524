import { useRef } from 'react';
import type { DetailLine } from '../detail.js';

function sameLines(a: DetailLine[], b: DetailLine[]): boolean {
  return a.length === b.length && a.every((l, i) => l.text === b[i]!.text && l.color === b[i]!.color && l.bold === b[i]!.bold && l.wrap === b[i]!.wrap);
}

/**
 * The lines given, or the previous array when every line reads the same. The details are built again
 * at every tick (their ages follow the clock); an unchanged pane then costs the memo'd DetailPane nothing.
 */
export function useSameLines(lines: DetailLine[]): DetailLine[] {
  const previous = useRef(lines);
  if (previous.current !== lines && !sameLines(previous.current, lines)) previous.current = lines;
  return previous.current;
}
