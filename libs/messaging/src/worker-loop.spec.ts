import type { Logger } from '@nestjs/common';
import { WorkerLoop, type WorkerLoopOptions } from './worker-loop';

describe('WorkerLoop', () => {
  const warnings: unknown[] = [];
  const logger = { warn: (message: unknown) => warnings.push(message) } as unknown as Logger;
  const options = (overrides: Partial<WorkerLoopOptions> = {}): WorkerLoopOptions => ({
    pollMs: 60_000,
    backoff: { baseMs: 50, capMs: 50 },
    logger,
    failureMessage: 'test loop failed; retrying',
    ...overrides,
  });
  const until = async (condition: () => boolean, timeoutMs = 2000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not met');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  let loop: WorkerLoop | undefined;

  beforeEach(() => {
    warnings.length = 0;
  });

  afterEach(async () => {
    await loop?.stop();
    loop = undefined;
  });

  it('should run a turn at once when woken, long before the poll interval', async () => {
    let turns = 0;
    loop = new WorkerLoop(async () => {
      turns++;
      return false;
    }, options());
    loop.start();
    await until(() => turns === 1);
    const woken = Date.now();
    loop.wake();
    await until(() => turns === 2);
    expect(Date.now() - woken).toBeLessThan(1000);
  });

  it('should run again without waiting while a turn answers that there is more', async () => {
    let turns = 0;
    loop = new WorkerLoop(async () => ++turns < 5, options());
    loop.start();
    await until(() => turns === 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(turns).toBe(5);
  });

  it('should keep a wake-up that arrives during a turn for the next turn', async () => {
    let turns = 0;
    let release!: () => void;
    loop = new WorkerLoop(async () => {
      turns++;
      if (turns === 1) await new Promise<void>((resolve) => (release = resolve));
      return false;
    }, options());
    loop.start();
    await until(() => turns === 1);
    loop.wake();
    release();
    await until(() => turns === 2, 500);
  });

  it('should serve the wake-ups of its pause with one turn, and start that turn when the pause ends', async () => {
    // The outbox relay's pause (OUTBOX_SETTLE_MS): the commits that wake it meanwhile are claimed together.
    const started: number[] = [];
    loop = new WorkerLoop(async () => {
      started.push(Date.now());
      return false;
    }, options({ settleMs: 400 }));
    loop.start();
    await until(() => started.length === 1);
    for (let i = 0; i < 10; i++) {
      loop.wake();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(() => started.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(started).toHaveLength(2);
    expect(started[1] - started[0]).toBeGreaterThanOrEqual(395);
  });

  it('should poll when nobody wakes it', async () => {
    let turns = 0;
    loop = new WorkerLoop(async () => {
      turns++;
      return false;
    }, options({ pollMs: 20 }));
    loop.start();
    await until(() => turns >= 3);
  });

  it('should back off after a failing turn, log it, and not let wake() cut the backoff short', async () => {
    const started: number[] = [];
    loop = new WorkerLoop(async () => {
      started.push(Date.now());
      if (started.length === 1) throw new Error('database away');
      return false;
    }, options({ backoff: { baseMs: 200, capMs: 200 } }));
    loop.start();
    await until(() => started.length === 1);
    loop.wake();
    await until(() => started.length === 2);
    // Full jitter: between half and all of the 200 ms ceiling.
    expect(started[1] - started[0]).toBeGreaterThanOrEqual(95);
    expect(warnings).toEqual([expect.objectContaining({ msg: 'test loop failed; retrying', error: 'database away' })]);
  });

  it('should stop at once while waiting, and wait for the turn in hand when stopping during one', async () => {
    let finished = false;
    let entered = false;
    loop = new WorkerLoop(async () => {
      entered = true;
      await new Promise((resolve) => setTimeout(resolve, 100));
      finished = true;
      return true;
    }, options());
    loop.start();
    await until(() => entered);
    await loop.stop();
    expect(finished).toBe(true);
    expect(loop.running).toBe(false);

    let turns = 0;
    const idle = new WorkerLoop(async () => {
      turns++;
      return false;
    }, options());
    idle.start();
    await until(() => turns === 1);
    const stopping = Date.now();
    await idle.stop();
    expect(Date.now() - stopping).toBeLessThan(100);
    expect(turns).toBe(1);
  });

  it('should cut a backoff short when stopped', async () => {
    let turns = 0;
    loop = new WorkerLoop(async () => {
      turns++;
      throw new Error('always');
    }, options({ backoff: { baseMs: 60_000, capMs: 60_000 } }));
    loop.start();
    await until(() => turns === 1);
    const stopping = Date.now();
    await loop.stop();
    expect(Date.now() - stopping).toBeLessThan(100);
  });

  it('should run a sweep every interval, first one interval after the start, and again after a failed sweep', async () => {
    const started = Date.now();
    const times: number[] = [];
    loop = WorkerLoop.every(
      60,
      async () => {
        times.push(Date.now() - started);
        if (times.length === 2) throw new Error('sweep broke');
      },
      { logger, failureMessage: 'sweep failed; retrying' },
    );
    loop.start();
    await until(() => times.length === 4);
    expect(times[0]).toBeGreaterThanOrEqual(55);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(55);
    expect(warnings).toEqual([expect.objectContaining({ msg: 'sweep failed; retrying', error: 'sweep broke' })]);
  });
});
