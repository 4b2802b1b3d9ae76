import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { MESSAGING_CONFIG, NATS_CONNECTION, type MessagingConfig } from '@saleswire/messaging';
import { ReplicaBroadcast } from '../auth/replica-broadcast';
import { hashApiKey, isWellFormedApiKey } from './api-key.format';
import { ApiKeyStore, type ApiKeyGrant } from './api-key.store';

/**
 * Gateway-internal subject on which a replica that revoked a key tells the others (core NATS, namespaced like
 * every subject). Not a contract: no service listens, and a missed message is made good by the cache's TTL.
 */
export const API_KEY_REVOKED_SUBJECT = 'internal.gateway.api-key-revoked.v1';

// A key found (or not found) is believed for 10 s, at most 10,000 of them per replica. Revocation does not wait
// for that: the replica that revokes forgets the key at once and tells the others over NATS, which forget it
// within milliseconds; the TTL only bounds how long a replica that missed the message (cut off from NATS at that
// moment) goes on accepting the key. Measured on the 2-core test machine under load, a look-up in PostgreSQL
// costs about 0.6 ms and a pool connection per request; the cache, SHA-256 included, about 6 µs.
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;
/** How often the keys' last use is written: one UPDATE for all keys used since, not one per request. */
const USAGE_FLUSH_MS = 5_000;

interface Entry {
  grant: ApiKeyGrant | null;
  expiresAt: number;
}

/**
 * Finds the key a request presents (`X-Api-Key`), through a small LRU cache in front of the `api_key` table, and
 * keeps each key's `lastUsedAt` by batches.
 */
@Injectable()
export class ApiKeyLookup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyLookup.name);
  /** By hash (hex); a Map keeps insertion order, so re-inserting on a hit makes the first entry the least recent. */
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<ApiKeyGrant | null>>();
  private readonly usage = new Map<string, number>();
  /** When each key was last forgotten: a look-up that started before must not put it back in the cache. */
  private readonly forgottenAt = new Map<string, number>();
  private readonly broadcast: ReplicaBroadcast;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    private readonly store: ApiKeyStore,
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) messaging: MessagingConfig,
  ) {
    this.broadcast = new ReplicaBroadcast(nc, API_KEY_REVOKED_SUBJECT, messaging.namespace, (id) => this.forget(id));
  }

  onApplicationBootstrap(): void {
    this.broadcast.start();
    this.timer = setInterval(() => void this.flushUsage(), USAGE_FLUSH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.broadcast.stop();
    await this.flushUsage();
  }

  /** What the key grants, or null for a key that is malformed, unknown or revoked. */
  async find(key: string): Promise<ApiKeyGrant | null> {
    // A mistyped or invented key fails its checksum here, without costing the database anything.
    if (!isWellFormedApiKey(key)) return null;
    const hash = hashApiKey(key);
    const id = hash.toString('hex');
    const now = Date.now();
    const cached = this.entries.get(id);
    let grant: ApiKeyGrant | null;
    if (cached && cached.expiresAt > now) {
      this.entries.delete(id);
      this.entries.set(id, cached);
      grant = cached.grant;
    } else {
      grant = await this.load(id, hash);
    }
    if (grant) this.usage.set(grant.id, now);
    return grant;
  }

  /**
   * Forgets a key on this replica at once and tells the others to. Resolves once this replica has heard its own
   * message back: NATS has then handed it to every replica's connection, so the others forget the key within
   * their own network latency of the revocation's answer. Without NATS (at most half a second), the others stop
   * within the cache's TTL; the revocation itself is committed either way.
   */
  async revoked(keyId: string): Promise<void> {
    this.forget(keyId);
    await this.broadcast.tell(keyId, this.logger, 'of a revoked API key');
  }

  /** Forgets what this replica knows of the key. */
  forget(keyId: string): void {
    const now = Date.now();
    for (const [id, entry] of this.entries) if (entry.grant?.id === keyId) this.entries.delete(id);
    this.usage.delete(keyId);
    this.forgottenAt.set(keyId, now);
    for (const [id, at] of this.forgottenAt) if (now - at > TTL_MS) this.forgottenAt.delete(id);
  }

  /** Writes the last use of every key used since the last flush, in one statement. */
  flushUsage(): Promise<void> {
    this.flushing ??= this.writeUsage().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async writeUsage(): Promise<void> {
    if (this.usage.size === 0) return;
    const uses = new Map(this.usage);
    this.usage.clear();
    try {
      await this.store.touch(uses);
    } catch (error) {
      // Kept for the next flush; a use newer than the one kept wins.
      for (const [id, at] of uses) this.usage.set(id, Math.max(at, this.usage.get(id) ?? 0));
      this.logger.warn({ msg: 'could not record when API keys were last used', error: (error as Error).message });
    }
  }

  /** One database look-up per key at a time, however many requests present it at once. */
  private load(id: string, hash: Buffer): Promise<ApiKeyGrant | null> {
    let pending = this.loading.get(id);
    if (!pending) {
      const startedAt = Date.now();
      pending = this.store
        .findActiveByHash(hash)
        .then((grant) => {
          // Revoked while we read: the row may predate the revocation, so it is not worth keeping.
          if (!grant || (this.forgottenAt.get(grant.id) ?? -1) < startedAt) this.remember(id, grant);
          return grant;
        })
        .finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  private remember(id: string, grant: ApiKeyGrant | null): void {
    this.entries.delete(id);
    this.entries.set(id, { grant, expiresAt: Date.now() + TTL_MS });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
