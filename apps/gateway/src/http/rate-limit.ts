/** A token bucket: `burst` tokens at most, refilled at `perSecond`; a request takes one. */
export interface RateLimitRule {
  perSecond: number;
  burst: number;
}

/** A bucket as it is stored: the tokens it held at `at` (ms since the epoch). */
export interface BucketState {
  tokens: number;
  at: number;
}

/** What one request is answered about one bucket. */
export interface RateLimitDecision {
  allowed: boolean;
  /** The bucket's size: what a caller may send at once. */
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again (at least 1). */
  resetSeconds: number;
  /** Seconds until one token is back (at least 1); what `Retry-After` says when refused. */
  retryAfterSeconds: number;
}

/**
 * The tokens a bucket holds at `now`. A missing state is a full bucket: buckets are forgotten once idle long
 * enough to be full again. A state written by a replica whose clock runs ahead is not refilled backwards.
 */
export function tokensAt(state: BucketState | null, rule: RateLimitRule, now: number): number {
  if (!state) return rule.burst;
  const elapsed = Math.max(0, now - state.at);
  return Math.min(rule.burst, state.tokens + (elapsed / 1000) * rule.perSecond);
}

/**
 * Takes up to `want` whole tokens from the bucket at `now`: as many as it holds, never more. Answers what was
 * taken and the bucket's new state.
 */
export function takeTokens(state: BucketState | null, rule: RateLimitRule, now: number, want: number): { granted: number; state: BucketState } {
  const tokens = tokensAt(state, rule, now);
  const granted = Math.max(0, Math.min(want, Math.floor(tokens)));
  return { granted, state: { tokens: tokens - granted, at: Math.max(now, state?.at ?? now) } };
}

/** Seconds (rounded up, at least 1) until a bucket holding `tokens` holds `needed`. */
export function secondsUntil(tokens: number, needed: number, rule: RateLimitRule): number {
  const missing = Math.max(0, needed - tokens);
  return Math.max(1, Math.ceil(missing / rule.perSecond));
}

/** The headers' view of a bucket holding `tokens` after a request was allowed or refused. */
export function decisionOf(allowed: boolean, tokens: number, rule: RateLimitRule): RateLimitDecision {
  const remaining = Math.max(0, Math.floor(tokens));
  return {
    allowed,
    limit: rule.burst,
    remaining,
    resetSeconds: secondsUntil(tokens, rule.burst, rule),
    retryAfterSeconds: secondsUntil(tokens, 1, rule),
  };
}

/**
 * How many tokens a replica leases from a shared bucket holding `available`: enough to serve its next
 * `leaseSeconds` of requests at the rule's rate without another round trip, but never more than a tenth of what
 * is left, so that tokens held unused by one replica while another is refused stay a small share of the
 * figure. At least `waiting` (the requests queued behind this lease), at least 1.
 */
export function leaseSize(rule: RateLimitRule, available: number, waiting: number, leaseSeconds: number): number {
  const byRate = Math.ceil(rule.perSecond * leaseSeconds);
  const byShare = Math.floor(available / 10);
  return Math.max(1, waiting, Math.min(byRate, byShare));
}

/**
 * Per-replica token buckets in memory. What the gateway counts with when the shared store (NATS KV) cannot be
 * reached, and when sharing is off: with N replicas a caller then gets up to N times the figure.
 */
export class LocalBuckets {
  private readonly buckets = new Map<string, { state: BucketState; fullAt: number }>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Takes up to `want` tokens from the bucket `key`; answers what was granted and what is left. A bucket this
   * replica has not counted yet starts from `seed` (what the shared bucket last held), not full.
   */
  take(key: string, rule: RateLimitRule, want: number, seed: BucketState | null = null): { granted: number; tokens: number } {
    const now = this.now();
    this.sweep(now);
    const { granted, state } = takeTokens(this.buckets.get(key)?.state ?? seed, rule, now, want);
    this.buckets.set(key, { state, fullAt: state.at + ((rule.burst - state.tokens) / rule.perSecond) * 1000 });
    return { granted, tokens: state.tokens };
  }

  /** Forgets every bucket: the shared store counts again, and what was counted here is out of date. */
  clear(): void {
    this.buckets.clear();
  }

  /** Forgets the buckets that are full again, at most once a second, so memory follows the active callers. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (now >= bucket.fullAt) this.buckets.delete(key);
  }
}
