import { randomUUID } from 'node:crypto';
import { matchesAll } from '../../domain/matchers.js';
import type { Labels, Matcher, SilenceState } from '../../domain/types.js';

/**
 * Silences with Alertmanager 0.25's rules (silence/silence.go): an update happens in place only when
 * the matchers are identical (in order) and the time change is allowed for the silence's state;
 * otherwise the old one is expired and a new id is returned.
 */

export interface StoredSilence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  updatedAt: number;
  createdBy: string;
  comment: string;
}

/** What a failed request answers: Alertmanager's status and body (a bare JSON string here). */
export class AmError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

export function silenceState(s: StoredSilence, now: number): SilenceState {
  if (now < s.startsAt) return 'pending';
  if (now < s.endsAt) return 'active';
  return 'expired';
}

function sameMatchers(a: Matcher[], b: Matcher[]): boolean {
  return a.length === b.length && a.every((m, i) => {
    const o = b[i]!;
    return m.name === o.name && m.value === o.value && m.isRegex === o.isRegex && m.isEqual === o.isEqual;
  });
}

// 0.25 compares protobuf timestamps, which in practice means whole seconds.
const sameSecond = (a: number, b: number): boolean => Math.floor(a / 1000) === Math.floor(b / 1000);

function canUpdate(prev: StoredSilence, next: Omit<StoredSilence, 'id' | 'updatedAt'>, now: number): boolean {
  if (!sameMatchers(prev.matchers, next.matchers)) return false;
  switch (silenceState(prev, now)) {
    case 'active':
      return sameSecond(prev.startsAt, next.startsAt) && next.endsAt >= now;
    case 'pending':
      return next.startsAt >= now;
    case 'expired':
      return false;
  }
}

function validate(s: Omit<StoredSilence, 'id' | 'updatedAt'>): void {
  const invalid = (why: string): never => {
    throw new AmError(400, `silence invalid: ${why}`);
  };
  if (s.matchers.length === 0) invalid('at least one matcher required');
  s.matchers.forEach((m, i) => {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(m.name)) invalid(`invalid label matcher ${i}: invalid label name "${m.name}"`);
    if (m.isRegex) {
      try {
        new RegExp(`^(?:${m.value})$`);
      } catch (err) {
        invalid(`invalid label matcher ${i}: invalid regular expression "${m.value}": ${(err as Error).message}`);
      }
    }
  });
  if (s.matchers.every((m) => matchesAll([m], {}))) invalid('at least one matcher must not match the empty string');
}

export class SilenceStore {
  private readonly silences = new Map<string, StoredSilence>();

  constructor(private readonly now: () => number) {}

  get(id: string): StoredSilence | undefined {
    return this.silences.get(id);
  }

  all(): StoredSilence[] {
    return [...this.silences.values()];
  }

  /** POST /silences after schema validation. Returns the id that now holds the silence. */
  set(draft: Omit<StoredSilence, 'id' | 'updatedAt'> & { id?: string }): string {
    const now = this.now();
    if (draft.startsAt >= draft.endsAt) throw new AmError(400, 'Failed to create silence: start time must be before end time');
    if (draft.endsAt < now) throw new AmError(400, "Failed to create silence: end time can't be in the past");
    const { id, ...body } = draft;
    const prev = id ? this.silences.get(id) : undefined;
    if (id && !prev) throw new AmError(404, 'silence not found');
    if (prev && canUpdate(prev, body, now)) {
      validate(body);
      this.silences.set(prev.id, { ...body, id: prev.id, updatedAt: now });
      return prev.id;
    }
    validate(body);
    if (prev && silenceState(prev, now) !== 'expired') this.expire(prev.id);
    const fresh: StoredSilence = { ...body, id: randomUUID(), startsAt: Math.max(body.startsAt, now), updatedAt: now };
    this.silences.set(fresh.id, fresh);
    return fresh.id;
  }

  /** DELETE /silence/{id}: an expired one stays as it is; unknown ids fail (0.25: 500, later: 404). */
  expire(id: string): void {
    const s = this.silences.get(id);
    if (!s) throw new AmError(404, 'silence not found');
    const now = this.now();
    const state = silenceState(s, now);
    if (state === 'active') this.silences.set(id, { ...s, endsAt: now, updatedAt: now });
    if (state === 'pending') this.silences.set(id, { ...s, startsAt: now, endsAt: now, updatedAt: now });
  }

  /** Ids of the active silences that match these labels. */
  silencing(labels: Labels): string[] {
    const now = this.now();
    return this.all()
      .filter((s) => silenceState(s, now) === 'active' && matchesAll(s.matchers, labels))
      .map((s) => s.id)
      .sort();
  }

  /** GET /silences order: active by end, pending by start, expired by end, newest first. */
  sorted(): StoredSilence[] {
    const now = this.now();
    const by = (state: SilenceState): StoredSilence[] => this.all().filter((s) => silenceState(s, now) === state);
    return [
      ...by('active').sort((a, b) => a.endsAt - b.endsAt),
      ...by('pending').sort((a, b) => a.startsAt - b.startsAt),
      ...by('expired').sort((a, b) => b.endsAt - a.endsAt),
    ];
  }
}
