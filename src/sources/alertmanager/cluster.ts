import { OncallError, isOncallError } from '../../domain/errors.js';
import { findCoveringSilence } from '../../domain/silences.js';
import type { Alert, AlertGroup, Matcher, Silence, SilenceDraft } from '../../domain/types.js';
import { toSourceError } from '../errors.js';
import type { TransportOptions } from '../transport.js';
import type { AlertFilter, AlertmanagerApi, AmStatus, DecodeOptions, ExtendResult, PeerHealth } from './api.js';
import { AlertmanagerClient } from './client.js';
import { extensionOf } from '../../domain/silences.js';
import { mergeAlerts, mergeGroups, mergeSilences } from './merge.js';
import { validateSilenceDraft } from '../../domain/silenceDraft.js';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: OncallError };

/** The peer itself is unwell (as opposed to answering "no" to a request). */
function peerDown(err: OncallError): boolean {
  return err.kind === 'network' || err.kind === 'timeout' || err.kind === 'server';
}

/** A write may go to the next peer if this one did not really answer, or lags behind in gossip. */
function worthNextPeer(err: OncallError, hasId: boolean): boolean {
  return peerDown(err) || (hasId && err.kind === 'not_found');
}

/** When every peer failed: a live peer's answer if there is one, else each dead peer's failure. */
function allFailed(errors: OncallError[]): OncallError {
  const answered = errors.find((e) => !peerDown(e));
  if (answered) return answered;
  const first = errors[0]!;
  if (errors.length === 1) return first;
  return new OncallError(first.kind, `no Alertmanager peer answered: ${errors.map((e) => e.toLine()).join('; ')}`, {
    source: 'alertmanager',
    hint: first.hint,
  });
}

/**
 * An HA set of Alertmanagers seen as one. Reads ask every peer at once (so a dead peer costs one
 * timeout, not one per peer) and merge; writes go to the first peer that answers, and gossip spreads them.
 */
export class AlertmanagerCluster implements AlertmanagerApi {
  private readonly clients: AlertmanagerClient[];
  private health: PeerHealth[] = [];

  constructor(
    peers: TransportOptions[],
    private readonly now: () => Date = () => new Date(),
  ) {
    if (peers.length === 0) {
      throw new OncallError('config', 'no Alertmanager URL configured', { hint: 'add alertmanager.urls to your config' });
    }
    this.clients = peers.map((p) => new AlertmanagerClient(p, now));
  }

  lastPeerHealth(): PeerHealth[] {
    return this.health.map((h) => ({ ...h }));
  }

  private async attempt<T>(client: AlertmanagerClient, call: (c: AlertmanagerClient) => Promise<T>): Promise<[Outcome<T>, PeerHealth]> {
    const started = performance.now();
    const base = { name: client.name, url: client.url };
    try {
      const value = await call(client);
      return [{ ok: true, value }, { ...base, ok: true, latencyMs: Math.round(performance.now() - started) }];
    } catch (err) {
      const error = isOncallError(err) ? err : toSourceError(err, client.name);
      return [{ ok: false, error }, { ...base, ok: !peerDown(error), error, latencyMs: Math.round(performance.now() - started) }];
    }
  }

  /** Every peer in parallel; the values of those that answered. Fails only if none did. */
  private async everyPeer<T>(call: (c: AlertmanagerClient) => Promise<T>): Promise<T[]> {
    const results = await Promise.all(this.clients.map((c) => this.attempt(c, call)));
    this.health = results.map(([, h]) => h);
    const values = results.flatMap(([o]) => (o.ok ? [o.value] : []));
    if (values.length === 0) throw allFailed(results.flatMap(([o]) => (o.ok ? [] : [o.error])));
    return values;
  }

  /** Peers in order until one answers. */
  private async firstPeer<T>(call: (c: AlertmanagerClient) => Promise<T>, hasId: boolean): Promise<T> {
    const health: PeerHealth[] = [];
    const errors: OncallError[] = [];
    try {
      for (const client of this.clients) {
        const [outcome, h] = await this.attempt(client, call);
        health.push(h);
        if (outcome.ok) return outcome.value;
        errors.push(outcome.error);
        if (!worthNextPeer(outcome.error, hasId)) throw outcome.error;
      }
      throw allFailed(errors);
    } finally {
      this.health = health;
    }
  }

  /** Each peer's answer waits for `beforeDecode` before it is parsed. */
  /** Without the held alerts: those carry a context's fingerprint, and the peers' lists are merged by theirs. */
  async alerts(filter?: AlertFilter, opts: DecodeOptions = {}): Promise<Alert[]> {
    const { held: _held, ...each } = opts;
    return mergeAlerts(await this.everyPeer((c) => c.alerts(filter, each)));
  }

  async alertGroups(filter?: AlertFilter): Promise<AlertGroup[]> {
    return mergeGroups(await this.everyPeer((c) => c.alertGroups(filter)));
  }

  async silences(matchers?: Matcher[]): Promise<Silence[]> {
    return mergeSilences(await this.everyPeer((c) => c.silences(matchers)));
  }

  /** Asks every peer: one that has not heard the gossip yet must not make the silence look unknown. */
  async silence(id: string): Promise<Silence> {
    const found = mergeSilences([await this.everyPeer((c) => c.silence(id))]);
    return found[0]!;
  }

  /**
   * A create that failed on one peer may still have landed there (a timeout, a reset after sending,
   * a proxy's 502/504) and gossiped on; sending it to the next peer blindly would make two silences.
   * So before every further attempt, the peers are asked for a silence that already covers it.
   */
  async createSilence(draft: SilenceDraft): Promise<string> {
    validateSilenceDraft(draft, this.now());
    let attempted = false;
    return this.firstPeer(async (c) => {
      if (attempted) {
        const twin = await this.findTwin(draft);
        if (twin) return twin;
      }
      attempted = true;
      return c.createSilence(draft);
    }, false);
  }

  private async findTwin(draft: SilenceDraft): Promise<string | undefined> {
    const lists = await Promise.all(this.clients.map((c) => c.silences().catch(() => [] as Silence[])));
    return findCoveringSilence(mergeSilences(lists), draft)?.id;
  }

  updateSilence(draft: SilenceDraft & { id: string }): Promise<string> {
    validateSilenceDraft(draft, this.now());
    return this.firstPeer((c) => c.updateSilence(draft), true);
  }

  async extendSilence(id: string, by: number): Promise<ExtendResult> {
    const draft = extensionOf(await this.silence(id), by, this.now());
    const newId = await this.updateSilence(draft);
    return { id: newId, endsAt: draft.endsAt, replaced: newId !== id };
  }

  expireSilence(id: string): Promise<void> {
    return this.firstPeer((c) => c.expireSilence(id), true);
  }

  /** The first peer that answers speaks for the cluster (they share config and gossip state). */
  async status(): Promise<AmStatus> {
    const all = await this.everyPeer((c) => c.status());
    return all[0]!;
  }
}
