/** Runs `work` over `items` with at most `limit` calls in flight; resolves when all have settled. */
export async function forEachConcurrent<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/** A counting semaphore: `acquire` waits while `limit` holders are inside. */
export class Semaphore {
  private inside = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.inside < this.limit) {
      this.inside++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) return next(); // the slot passes straight to the next waiter
    this.inside--;
    if (this.inside === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  /** Resolves when nobody holds the semaphore (in-flight work has finished). */
  async idle(): Promise<void> {
    if (this.inside === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}

/** Exponential backoff with full jitter, capped. */
export function backoffMs(attempt: number, baseMs: number, capMs: number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The leading items whose sizes add up to at most `budget`, and always the first one however large: how a
 * claim or a chunk takes whole units of work (outbox rows of many events, staged slices of many rows).
 */
export function takeWithinBudget<T>(items: T[], budget: number, size: (item: T) => number): T[] {
  const taken: T[] = [];
  let used = 0;
  for (const item of items) {
    if (taken.length > 0 && used + size(item) > budget) break;
    taken.push(item);
    used += size(item);
  }
  return taken;
}
