import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { takeTokens, tokensAt, type BucketState, type RateLimitRule } from './rate-limit';

// Shared token buckets in NATS KV, read and written the way the KV client does it (no `@nats-io/kv` package
// here): bucket `<name>` is the stream `KV_<name>` keeping the last message of each subject `$KV.<name>.<key>`,
// read with a direct get and written with `Nats-Expected-Last-Subject-Sequence`, so two replicas taking from
// one bucket at once cannot both succeed. `nats kv get <name> <key>` shows a bucket.

/**
 * How many times a write that lost a race is read and tried again, each after a random pause that doubles (up
 * to 50 ms) so that racing replicas fall out of step. Replicas write a bucket once per lease, not per request,
 * so losing this often is rare; a take that does is counted locally, once.
 */
const MAX_ATTEMPTS = 10;
/** JetStream's "stream name already in use with a different configuration" (not among the client's named codes). */
const STREAM_NAME_IN_USE = 10058;
/** A KV key holds `[-/_=.a-zA-Z0-9]`; anything else (an IPv6 address's `:`) is written `=XX`. */
const KV_KEY_UNSAFE = /[^-/_.a-zA-Z0-9]/g;

/** A bucket key that is a legal NATS KV key, one-to-one with its parts. */
export function kvKey(kind: string, id: string): string {
  const escape = (part: string): string => part.replace(KV_KEY_UNSAFE, (c) => `=${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `${escape(kind)}.${escape(id)}`;
}

/** A bucket that other writers kept changing under every attempt: the store works, this take lost its races. */
export class ContendedError extends Error {
  constructor(key: string) {
    super(`rate-limit bucket ${key} stayed contended for ${MAX_ATTEMPTS} attempts`);
  }
}

/** What one round trip to the store ended in, for the metrics. */
export type StoreOutcome = 'ok' | 'conflict' | 'error';

/** A shared bucket store: takes tokens for a lease whose size depends on what the bucket holds. */
export interface SharedBuckets {
  take(key: string, rule: RateLimitRule, size: (available: number) => number): Promise<{ granted: number; tokens: number }>;
}

interface Known {
  /** The subject's last sequence as this replica last saw it; 0 when it held no message. */
  seq: number;
  state: BucketState | null;
  /**
   * Another replica writes this bucket too: read it before each write rather than lose a round trip to a
   * conflict. Kept for as long as the bucket is remembered (a partner's bucket, shared by several replicas).
   */
  contended: boolean;
}

export interface KvBucketsOptions {
  /** The KV bucket's name (the stream is `KV_<name>`). */
  bucket: string;
  replicas: number;
  /** How long an untouched bucket is kept: longer than any bucket takes to fill, after which it is full anyway. */
  maxAgeMs: number;
  /** Each round trip's own limit; a store slower than this is treated as unreachable. */
  timeoutMs: number;
  now?: () => number;
  onRoundTrip?: (outcome: StoreOutcome) => void;
}

function decode(data: Uint8Array): BucketState | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(data)) as Partial<BucketState>;
    return typeof value.tokens === 'number' && Number.isFinite(value.tokens) && typeof value.at === 'number' && Number.isFinite(value.at)
      ? { tokens: value.tokens, at: value.at }
      : null;
  } catch {
    return null;
  }
}

function isWrongLastSequence(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamWrongLastSequence;
}

/**
 * Token buckets shared by every gateway replica. A take reads the bucket (or trusts what this replica wrote last,
 * when no other replica wrote since), computes the refill and the take, and writes the new state on the
 * condition that nobody wrote in between; a lost race is read again and retried. Tokens taken are gone from the
 * shared bucket, so the replicas together never grant more than the bucket holds.
 */
export class KvBuckets implements SharedBuckets {
  private readonly known = new Map<string, Known>();
  private readonly stream: string;
  private readonly subjectPrefix: string;
  private readonly now: () => number;
  private js?: JetStreamClient;
  /** Stream administration, which may take a cluster longer than a take is allowed. */
  private jsm?: JetStreamManager;
  /** Reads, within a take's own time limit. */
  private reader?: JetStreamManager;
  private ensured?: Promise<void>;
  private lastSweep = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: KvBucketsOptions,
  ) {
    this.stream = `KV_${options.bucket}`;
    this.subjectPrefix = `$KV.${options.bucket}.`;
    this.now = options.now ?? Date.now;
  }

  /** Creates the bucket's stream if needed (or lengthens its max age); called at start and again after a failure. */
  ensure(): Promise<void> {
    this.ensured ??= this.createStream().catch((error: unknown) => {
      this.ensured = undefined;
      throw error;
    });
    return this.ensured;
  }

  async take(key: string, rule: RateLimitRule, size: (available: number) => number): Promise<{ granted: number; tokens: number }> {
    await this.ensure();
    const subject = this.subjectPrefix + key;
    this.sweep();
    let known = this.known.get(key);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const contended = known?.contended ?? false;
      if (!known || contended) known = { ...(await this.read(subject)), contended };
      const now = this.now();
      const available = tokensAt(known.state, rule, now);
      // Refusing needs no write: another replica can only have taken more since, and refill depends on time alone.
      if (available < 1) {
        this.known.set(key, known);
        return { granted: 0, tokens: available };
      }
      const { granted, state } = takeTokens(known.state, rule, now, size(available));
      try {
        const ack = await this.js!.publish(subject, JSON.stringify(state), {
          expect: { lastSubjectSequence: known.seq },
          timeout: this.options.timeoutMs,
        });
        this.options.onRoundTrip?.('ok');
        this.known.set(key, { seq: ack.seq, state, contended: known.contended });
        return { granted, tokens: state.tokens };
      } catch (error) {
        if (!isWrongLastSequence(error)) {
          this.failed();
          throw error;
        }
        this.options.onRoundTrip?.('conflict');
        known = { ...known, contended: true };
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      }
    }
    throw new ContendedError(key);
  }

  private async read(subject: string): Promise<Known> {
    try {
      const stored = await this.reader!.direct.getMessage(this.stream, { last_by_subj: subject });
      this.options.onRoundTrip?.('ok');
      return stored ? { seq: stored.seq, state: decode(stored.data), contended: false } : { seq: 0, state: null, contended: false };
    } catch (error) {
      this.failed();
      throw error;
    }
  }

  /** After a failure the stream is looked at again before the next take: it may have been lost with NATS's memory. */
  private failed(): void {
    this.options.onRoundTrip?.('error');
    this.ensured = undefined;
  }

  private async createStream(): Promise<void> {
    this.jsm ??= await jetstreamManager(this.nc, { timeout: this.options.timeoutMs * 4 });
    this.reader ??= await jetstreamManager(this.nc, { timeout: this.options.timeoutMs, checkAPI: false });
    this.js ??= jetstream(this.nc, { timeout: this.options.timeoutMs });
    const maxAge = this.options.maxAgeMs * 1_000_000;
    const config: Partial<StreamConfig> & { name: string } = {
      name: this.stream,
      subjects: [`${this.subjectPrefix}>`],
      // What a KV bucket of history 1 is: the last value of each key, deletes and purges by rollup.
      max_msgs_per_subject: 1,
      discard: DiscardPolicy.New,
      deny_delete: true,
      allow_rollup_hdrs: true,
      allow_direct: true,
      retention: RetentionPolicy.Limits,
      // Losing every bucket in a NATS restart only makes each full again: memory is enough and fastest.
      storage: StorageType.Memory,
      num_replicas: this.options.replicas,
      max_age: maxAge,
      duplicate_window: Math.min(maxAge, 120 * 1_000_000_000),
    };
    try {
      const info = await this.jsm.streams.info(this.stream);
      if (info.config.max_age < maxAge) await this.jsm.streams.update(this.stream, { ...info.config, max_age: maxAge });
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
      try {
        await this.jsm.streams.add(config);
      } catch (addError) {
        // Another replica created it between our look and our add.
        if (!(addError instanceof JetStreamApiError && addError.code === STREAM_NAME_IN_USE)) throw addError;
      }
    }
  }

  /** Forgets what it knew of buckets that are full again by now, once a second. */
  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [key, known] of this.known) if (!known.state || now - known.state.at > this.options.maxAgeMs / 2) this.known.delete(key);
  }
}
