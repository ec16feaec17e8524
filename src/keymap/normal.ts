import type { Binding } from './types.js';
import { wordList } from './words.js';

/** The dashboard's own keys: everywhere in normal mode, in every list, and each pane's writes. */
export const NORMAL: readonly Binding[] = [
  { command: 'help', keys: ['?'], description: 'Show or hide this help', scope: 'global', hint: 'help', pinned: true },
  { command: 'command', keys: [':'], description: `Command mode: ${wordList()}`, scope: 'global', hint: 'cmd' },
  { command: 'filter', keys: ['/'], description: 'Filter the focused list: free text or matchers (severity=critical); /!text inverts', scope: 'global', hint: 'filter' },
  { command: 'nextPane', keys: ['tab'], description: 'Focus the next pane', scope: 'global', hint: 'pane' },
  { command: 'prevPane', keys: ['shift-tab'], description: 'Focus the previous pane', scope: 'global' },
  { command: 'maximize', keys: ['z', '+'], description: 'Maximise the focused pane, or restore it', scope: 'global', hint: 'zoom' },
  { command: 'refresh', keys: ['ctrl-r'], description: 'Refresh every source now', scope: 'global', hint: 'refresh' },
  { command: 'pause', keys: ['p'], description: 'Pause or resume polling', scope: 'global' },
  { command: 'undo', keys: ['u'], description: 'Undo the last silence (expire it)', scope: 'global', write: true },
  { command: 'back', keys: ['esc'], description: 'Back: close details, clear marks, then the filter', scope: 'global' },
  { command: 'quit', keys: ['q'], description: 'Quit', scope: 'global', hint: 'quit', pinned: true },

  { command: 'up', keys: ['k', 'up'], description: 'Move up', scope: 'list' },
  { command: 'down', keys: ['j', 'down'], description: 'Move down', scope: 'list' },
  { command: 'top', keys: ['g', 'home'], description: 'First row', scope: 'list' },
  { command: 'bottom', keys: ['G', 'end'], description: 'Last row', scope: 'list' },
  { command: 'pageUp', keys: ['pageup'], description: 'Page up', scope: 'list' },
  { command: 'pageDown', keys: ['pagedown'], description: 'Page down', scope: 'list' },
  { command: 'details', keys: ['enter'], description: "Open details of the selection (labels, annotations, links, related; an incident's notes, newest first)", scope: 'list', hint: 'details' },
  { command: 'mark', keys: ['space'], description: 'Mark or unmark the row for a bulk action; the cursor stays on it (j moves on)', scope: 'list', hint: 'mark' },
  { command: 'timeline', keys: ['t'], description: 'What happened to the selected alert group or incident in the last hour: alerts fired and resolved, silences, the incident\'s log (esc closes)', scope: 'list', hint: 'timeline' },
  { command: 'runbook.focus', keys: ['R'], description: 'Go to the runbook of the selected alert or incident, its values filled in', scope: 'list', hint: 'runbook' },

  { command: 'alert.silence', keys: ['s'], description: 'Silence the selected or marked alerts (a group header silences the group)', scope: 'alerts', hint: 'silence', write: true },
  { command: 'alert.ack', keys: ['a'], description: 'Acknowledge the selected (or marked) alerts\' groups in both systems: their PagerDuty incidents and a short ack silence (asks first, naming each)', scope: 'alerts', hint: 'ack', write: true },
  { command: 'incident.ack', keys: ['a'], description: 'Acknowledge the selected incident, or the marked ones (asks first, naming each)', scope: 'incidents', hint: 'ack', write: true },
  { command: 'incident.resolve', keys: ['r'], description: 'Resolve the selected or marked incidents', scope: 'incidents', hint: 'resolve', write: true, dangerous: true },
  { command: 'incident.note', keys: ['n'], description: 'Add a note to the selected or marked incidents', scope: 'incidents', hint: 'note', write: true },
  { command: 'incident.escalate', keys: ['E'], description: 'Escalate the selected or marked incidents to a level you type (asks first, naming each)', scope: 'incidents', write: true },
  { command: 'incident.reassign', keys: ['A'], description: 'Reassign the selected or marked incidents to a user, by email (asks first)', scope: 'incidents', write: true },
  { command: 'incident.snooze', keys: ['S'], description: 'Snooze the selected or marked acknowledged incidents for 1s to 7d (asks first)', scope: 'incidents', write: true },
  { command: 'incident.priority', keys: ['P'], description: 'Set the priority of the selected or marked incidents, by name (asks first)', scope: 'incidents', write: true },
  { command: 'incident.merge', keys: ['M'], description: 'Merge the marked incidents into the selected one; they are resolved (asks first, naming each)', scope: 'incidents', write: true, dangerous: true },
  { command: 'silence.expire', keys: ['x'], description: 'Expire the selected or marked silences', scope: 'silences', hint: 'expire', write: true, dangerous: true },
  { command: 'silence.extend', keys: ['e'], description: 'Extend the selected silence by 1h, or the marked ones (asks first, naming each)', scope: 'silences', hint: 'extend', write: true },
];
