/** Requests allowed per window and the window's length. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/**
 * Fixed-window counters per key (a user, a partner, an address). In memory, per gateway replica: with N
 * replicas behind a balancer a caller gets up to N times the limit, which is the documented trade-off until
 * the counters move to a shared store.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request against `key` and says whether it may pass. */
  take(key: string, rule: RateLimitRule): RateLimitDecision {
    const now = this.now();
    this.sweep(now, rule.windowMs);
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= rule.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + rule.windowMs - now) / 1000));
    return {
      allowed: window.count <= rule.limit,
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - window.count),
      resetSeconds,
    };
  }

  /** Forgets windows that have ended, at most once a window, so memory follows the active callers. */
  private sweep(now: number, windowMs: number): void {
    if (now - this.lastSweep < windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (now - window.startedAt >= windowMs) this.windows.delete(key);
  }
}
