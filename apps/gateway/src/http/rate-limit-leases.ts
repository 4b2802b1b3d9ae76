import { decisionOf, leaseSize, LocalBuckets, tokensAt, type RateLimitDecision, type RateLimitRule } from './rate-limit';
import { ContendedError, type SharedBuckets } from './rate-limit-kv';

/** One bucket a request must take a token from. */
export interface BucketRequest {
  key: string;
  rule: RateLimitRule;
}

export interface LeaseOptions {
  /** A lease holds about this many seconds of the rule's rate, so a busy caller costs one round trip per lease. */
  leaseSeconds: number;
  /** Tokens of a lease not used within this are dropped, so that a lease never turns into a late burst. */
  leaseTtlMs: number;
  /** After the shared store failed, how long requests are counted locally before it is tried again. */
  retrySharedAfterMs: number;
  now?: () => number;
  /** Told when counting moves from the shared store to this replica (with the error) and back (null). */
  onSharedChange?: (error: Error | null) => void;
}

interface Lease {
  /** Tokens taken from the shared bucket and not yet used by a request. */
  tokens: number;
  expiresAt: number;
  /** The shared bucket as this replica last saw it (after its take), for the headers. */
  shared: number;
  sharedAt: number;
  /** The shared bucket was empty: requests are refused here without asking again until then. */
  refusedUntil: number;
  pending: Promise<void> | null;
  waiting: number;
  usedAt: number;
}

/**
 * Rate limits that hold across gateway replicas at a low cost per request. Each replica leases tokens from the
 * shared buckets in batches and spends them locally, so a busy caller costs a round trip to NATS per lease, not
 * per request; tokens are taken out of the shared bucket when leased, so all replicas together never grant more
 * than the bucket allows, and at most a lease's worth per replica is held unused while another replica refuses.
 * A bucket found empty is refused locally until its next token is due. When the shared store fails, requests are
 * counted in this replica's own buckets, each going on from what the shared bucket last held here (a caller new
 * to this replica starts full: each replica then grants the whole figure), until the store answers again.
 */
export class LeasedBuckets {
  private readonly leases = new Map<string, Lease>();
  private readonly now: () => number;
  private sharedDownUntil = 0;
  private sharedDown = false;
  private lastSweep = 0;

  constructor(
    private readonly shared: SharedBuckets | null,
    private readonly local: LocalBuckets,
    private readonly options: LeaseOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Counts one request against every bucket, all or none: a token is spent only when every bucket has one. */
  async take(requests: BucketRequest[]): Promise<RateLimitDecision[]> {
    this.sweep();
    for (;;) {
      for (const request of requests) await this.ensure(request);
      // Nothing ran between the last await and here: what the leases hold now is what this request gets.
      const now = this.now();
      const leases = requests.map((request) => this.leaseOf(request.key, now));
      const refused = leases.some((lease) => lease.tokens < 1 && lease.refusedUntil > now);
      if (refused || leases.every((lease) => lease.tokens >= 1)) {
        return requests.map((request, index) => {
          const lease = leases[index];
          if (!refused) lease.tokens -= 1;
          lease.usedAt = now;
          // Refused, a bucket that still holds a token is not the reason: its decision says allowed.
          return decisionOf(!refused || lease.tokens >= 1, this.remaining(lease, request.rule, now), request.rule);
        });
      }
      // Another request spent a token this one had made sure of while it waited for the next bucket: again.
    }
  }

  /** Makes sure the bucket's lease holds a token, or that the bucket is known to be empty for now. */
  private async ensure({ key, rule }: BucketRequest): Promise<void> {
    for (;;) {
      const now = this.now();
      const lease = this.leaseOf(key, now);
      if (lease.tokens >= 1 || lease.refusedUntil > now) return;
      if (lease.pending) {
        lease.waiting++;
        try {
          await lease.pending;
        } finally {
          lease.waiting--;
        }
        continue;
      }
      lease.pending = this.acquire(key, rule, lease).finally(() => (lease.pending = null));
      await lease.pending;
    }
  }

  private async acquire(key: string, rule: RateLimitRule, lease: Lease): Promise<void> {
    const want = (available: number): number => leaseSize(rule, available, lease.waiting + 1, this.options.leaseSeconds);
    let result: { granted: number; tokens: number } | null = null;
    if (this.shared && this.now() >= this.sharedDownUntil) {
      try {
        result = await this.shared.take(key, rule, want);
        if (this.sharedDown) {
          this.sharedDown = false;
          this.local.clear();
          this.options.onSharedChange?.(null);
        }
      } catch (error) {
        // Lost races only: this one lease is counted here; the store is not down.
        if (!(error instanceof ContendedError)) this.markSharedDown(error instanceof Error ? error : new Error(String(error)));
      }
    }
    // Locally a lease would only delay the count: take exactly what the waiting requests need. A bucket goes on
    // from what the shared one last held here, so losing the store does not hand every caller a fresh burst.
    const seed = lease.sharedAt > 0 ? { tokens: lease.shared, at: lease.sharedAt } : null;
    result ??= this.local.take(key, rule, lease.waiting + 1, seed);
    const now = this.now();
    lease.tokens += result.granted;
    lease.expiresAt = now + this.options.leaseTtlMs;
    lease.shared = result.tokens;
    lease.sharedAt = now;
    lease.refusedUntil = result.granted > 0 ? 0 : now + Math.max(1, Math.ceil(((1 - result.tokens) / rule.perSecond) * 1000));
  }

  /** Counts locally from now on, for `retrySharedAfterMs`; also what the NATS connection's loss calls. */
  markSharedDown(error: Error): void {
    this.sharedDownUntil = this.now() + this.options.retrySharedAfterMs;
    if (!this.sharedDown) {
      this.sharedDown = true;
      this.options.onSharedChange?.(error);
    }
  }

  /** Tries the shared store again at the next lease (the NATS connection is back). */
  retryShared(): void {
    this.sharedDownUntil = 0;
  }

  /** Whether requests are counted in the shared store (true) or in this replica's own buckets. */
  isShared(): boolean {
    return this.shared !== null && !this.sharedDown;
  }

  private leaseOf(key: string, now: number): Lease {
    let lease = this.leases.get(key);
    if (!lease) {
      lease = { tokens: 0, expiresAt: 0, shared: 0, sharedAt: 0, refusedUntil: 0, pending: null, waiting: 0, usedAt: now };
      this.leases.set(key, lease);
    } else if (lease.tokens > 0 && lease.expiresAt <= now) {
      lease.tokens = 0;
    }
    return lease;
  }

  /** What the caller may still send: this lease plus the shared bucket as last seen, refilled since. */
  private remaining(lease: Lease, rule: RateLimitRule, now: number): number {
    const shared = tokensAt({ tokens: lease.shared, at: lease.sharedAt }, rule, now);
    return Math.min(rule.burst, lease.tokens + shared);
  }

  /** Forgets idle leases once a second, so memory follows the active callers. */
  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [key, lease] of this.leases) {
      if (!lease.pending && lease.waiting === 0 && now - lease.usedAt > 10_000 && (lease.tokens < 1 || lease.expiresAt <= now) && lease.refusedUntil <= now) {
        this.leases.delete(key);
      }
    }
  }
}
