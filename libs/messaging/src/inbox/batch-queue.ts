/**
 * Hands queued items to `work` in groups: each group is what queued up while the previous ones ran (at most
 * `maxSize`), with at most `maxInFlight` groups at once. An idle consumer so applies an event as soon as it
 * arrives; a busy one gets larger groups, and fewer transactions, the busier it is.
 */
export class BatchQueue<T> {
  private readonly pending: T[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly maxSize: number,
    private readonly maxInFlight: number,
    private readonly work: (items: T[]) => Promise<void>,
  ) {}

  push(item: T): void {
    this.pending.push(item);
    this.schedule();
  }

  /** Resolves when nothing is queued and no group is being worked on. */
  async idle(): Promise<void> {
    if (this.pending.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.pending.length === 0 || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    // One macrotask later: every message parsed from the same socket read has been queued by then.
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    while (this.pending.length > 0 && this.inFlight < this.maxInFlight) {
      const items = this.pending.splice(0, this.maxSize);
      this.inFlight++;
      void this.work(items)
        .catch(() => undefined) // `work` reports its own failures; a rejection must not stop the queue
        .finally(() => {
          this.inFlight--;
          this.schedule();
          if (this.pending.length === 0 && this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
        });
    }
  }
}
