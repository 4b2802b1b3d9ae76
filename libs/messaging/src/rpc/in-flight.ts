/** Counts work in progress so that a shutdown can wait for it to finish. */
export class InFlight {
  private count = 0;
  private readonly waiters: Array<() => void> = [];

  enter(): void {
    this.count++;
  }

  leave(): void {
    this.count = Math.max(0, this.count - 1);
    if (this.count === 0) this.waiters.splice(0).forEach((resolve) => resolve());
  }

  get size(): number {
    return this.count;
  }

  /** Resolves when nothing is in progress, or after `timeoutMs` at the latest. */
  async drained(timeoutMs: number): Promise<void> {
    if (this.count === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Requests this process is answering; the NATS server waits for them before it closes. */
export const rpcInFlight = new InFlight();
