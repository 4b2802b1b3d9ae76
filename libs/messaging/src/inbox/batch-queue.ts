/**
 * Hands queued items to `work` in groups: each group is what queued up while the previous ones ran (at most
 * `maxSize` of weight, and at least one item), with at most `maxInFlight` groups at once. An idle consumer so
 * applies an event as soon as it arrives; a busy one gets larger groups, and fewer transactions, the busier it is.
 *
 * It also bounds what its caller holds: `push` always queues, and resolves once the queue holds (queued and in work)
 * less than `maxSize` of weight. A puller that awaits it holds at most `maxSize` events of its own (and a fetch's
 * worth more), whatever its durable lets the server deliver: so replicas sharing one durable each fill whole batches.
 * An item weighs 1 unless its caller says more: a message standing for many events (an import's chunk) counts as them.
 */
export class BatchQueue<T> {
  private readonly pending: Array<{ item: T; weight: number }> = [];
  private inFlight = 0;
  /** The weight of the items queued or in work. */
  private held = 0;
  private scheduled = false;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly roomWaiters: Array<() => void> = [];

  constructor(
    private readonly maxSize: number,
    private readonly maxInFlight: number,
    private readonly work: (items: T[]) => Promise<void>,
  ) {}

  /** Queues `item`; resolves once the queue holds less than `maxSize` of weight. */
  push(item: T, weight = 1): Promise<void> {
    this.pending.push({ item, weight });
    this.held += weight;
    this.schedule();
    return this.held < this.maxSize ? Promise.resolve() : new Promise<void>((resolve) => this.roomWaiters.push(resolve));
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
      let count = 0;
      let weight = 0;
      while (count < this.pending.length && (count === 0 || weight + this.pending[count].weight <= this.maxSize)) weight += this.pending[count++].weight;
      const items = this.pending.splice(0, count).map((queued) => queued.item);
      this.inFlight++;
      void this.work(items)
        .catch(() => undefined) // `work` reports its own failures; a rejection must not stop the queue
        .finally(() => {
          this.inFlight--;
          this.held -= weight;
          if (this.held < this.maxSize) this.roomWaiters.splice(0).forEach((resolve) => resolve());
          this.schedule();
          if (this.pending.length === 0 && this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
        });
    }
  }
}
