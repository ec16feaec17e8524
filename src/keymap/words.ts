import type { Word } from './types.js';

/** The words of command mode (`:`), k9s style. `:q` and `:help` run the same commands as `q` and `?`. */
export const WORDS: readonly Word[] = [
  { command: 'show.alerts', words: ['alerts', 'alert'], description: 'Focus the alerts pane' },
  { command: 'show.incidents', words: ['incidents', 'incident'], description: 'Focus the incidents pane' },
  { command: 'show.silences', words: ['silences', 'silence'], description: 'Open the silences view' },
  { command: 'show.slo', words: ['slo', 'slos'], description: 'Focus the SLO strip' },
  { command: 'show.report', words: ['report'], args: 'SINCE', description: 'MTTA and MTTR per service and urgency over the last SINCE (default 30d), as `oncall report` (esc closes)' },
  { command: 'show.handover', words: ['handover'], args: 'SINCE', description: 'The shift report of the last SINCE (default 12h), as `oncall handover` (esc closes)' },
  { command: 'context', words: ['ctx', 'context'], args: 'NAME', description: 'Switch to another context, or to several at once (`:ctx prod-eu,prod-us`); without NAME: say which is in use' },
  { command: 'take', words: ['take'], args: 'SCHEDULE', description: 'Take the pager: an override for you until the end of the shift, on your schedule where someone else is on call (asks first)' },
  { command: 'pause.on', words: ['pause'], description: 'Pause polling' },
  { command: 'pause.off', words: ['resume'], description: 'Resume polling' },
  { command: 'help', words: ['help'], description: 'Show the help' },
  { command: 'quit', words: ['q', 'quit'], description: 'Quit' },
];

/** `:alerts :incidents … :q`: each word as typed, with its argument. */
export function wordList(words: readonly Word[] = WORDS): string {
  return words.map((w) => `:${w.words[0]}${w.args ? ` ${w.args}` : ''}`).join(' ');
}
