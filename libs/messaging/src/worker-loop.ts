import type { Logger } from '@nestjs/common';
import { backoffMs } from './concurrency';

/** How a worker loop paces its turns. */
export interface WorkerLoopOptions {
  /** The longest an idle loop waits before its next turn when nobody calls `wake()`. */
  pollMs: number;
  /** Exponential backoff (with jitter) after a turn that threw; `wake()` does not cut it short. */
  backoff: { baseMs: number; capMs: number };
  /** A pause after each wait, so that a burst of wake-ups is served by one turn rather than one turn each. */
  settleMs?: number;
  /** A wait before the first turn (0): a sweep on a schedule looks first one interval after the start. */
  firstDelayMs?: number;
  logger: Logger;
  /** What the warning of a failed turn says, e.g. `outbox relay failed; retrying`. */
  failureMessage: string;
}

/**
 * Runs `turn` over and over in one background loop: again at once when it answers that there is more to do,
 * after `wake()` or the poll interval when there is not, after a growing backoff when it throws. `stop()`
 * ends the waits at once and resolves when the turn in hand has finished.
 */
export class WorkerLoop {
  private active = false;
  private loop?: Promise<void>;
  private wakeRequested = false;
  /** Ends the current wait early; `wakeable` says whether `wake()` may (stop always may). */
  private interrupt?: { end: () => void; wakeable: boolean };

  constructor(
    private readonly turn: () => Promise<boolean>,
    private readonly options: WorkerLoopOptions,
  ) {}

  /** True from `start()` until `stop()`: long turns check it to end early at shutdown. */
  get running(): boolean {
    return this.active;
  }

  /** Starts the loop; a second call does nothing. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.loop = this.run();
  }

  /** Runs a turn as soon as the one in hand (if any) ends, instead of at the next poll. */
  wake(): void {
    this.wakeRequested = true;
    if (this.interrupt?.wakeable) this.interrupt.end();
  }

  /** Lets no new turn start and resolves once the turn in hand has finished. */
  async stop(): Promise<void> {
    this.active = false;
    this.interrupt?.end();
    await this.loop;
  }

  /**
   * A sweep every `intervalMs`, first one interval after `start()`: `work` runs, then the loop waits the interval
   * (a sweep that catches up loops inside `work`); a failure is logged and retried after a backoff capped at the
   * interval.
   */
  static every(intervalMs: number, work: () => Promise<unknown>, options: Pick<WorkerLoopOptions, 'logger' | 'failureMessage'>): WorkerLoop {
    return new WorkerLoop(
      async () => {
        await work();
        return false;
      },
      { ...options, pollMs: intervalMs, firstDelayMs: intervalMs, backoff: { baseMs: Math.min(1000, intervalMs), capMs: intervalMs } },
    );
  }

  private async run(): Promise<void> {
    let failures = 0;
    if (this.options.firstDelayMs) await this.pause(this.options.firstDelayMs, true);
    while (this.active) {
      // A wake-up during the turn is kept: whatever it announced may have missed this turn's look.
      this.wakeRequested = false;
      try {
        const more = await this.turn();
        failures = 0;
        if (more) continue;
      } catch (error) {
        failures++;
        const delay = backoffMs(failures, this.options.backoff.baseMs, this.options.backoff.capMs);
        this.options.logger.warn({ msg: this.options.failureMessage, error: (error as Error).message, retryInMs: delay });
        await this.pause(delay, false);
        continue;
      }
      if (!this.wakeRequested) await this.pause(this.options.pollMs, true);
      if (this.options.settleMs && this.active) await this.pause(this.options.settleMs, false);
    }
  }

  private pause(ms: number, wakeable: boolean): Promise<void> {
    if (!this.active) return Promise.resolve();
    return new Promise((resolve) => {
      const end = (): void => {
        clearTimeout(timer);
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.interrupt = { end, wakeable };
    });
  }
}
