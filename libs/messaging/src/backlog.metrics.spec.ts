import { Metrics } from '@saleswire/observability';
import { BacklogMetrics, type BacklogSource } from './backlog.metrics';
import type { ConsumerBacklog } from './inbox/stream.puller';

const BACKLOG: ConsumerBacklog = { stream: 'DEALS', durable: 'reporting-deals', pending: 7, unacked: 2, oldestAgeSeconds: 1.5 };

/** A consumer factory's stand-in that counts its reads and answers `pending` as it is when read. */
function source(): BacklogSource & { reads: number; pending: number } {
  const counted = {
    reads: 0,
    pending: BACKLOG.pending,
    backlogs: async (): Promise<ConsumerBacklog[]> => {
      counted.reads++;
      return [{ ...BACKLOG, pending: counted.pending }];
    },
  };
  return counted;
}

async function pendingGauge(metrics: Metrics): Promise<number> {
  const gauge = (await metrics.registry.getMetricsAsJSON()).find((metric) => metric.name === 'saleswire_consumer_pending_events');
  return gauge?.values.reduce((sum, value) => sum + value.value, 0) ?? NaN;
}

describe('BacklogMetrics', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('should read the backlogs once for the gauges of a scrape and for the scrapes of the next second, then again', async () => {
    const metrics = new Metrics('backlog-spec');
    const backlogs = source();
    new BacklogMetrics(metrics, undefined, backlogs).onModuleInit();
    expect(await pendingGauge(metrics)).toBe(7);
    expect(backlogs.reads).toBe(1);
    backlogs.pending = 3;
    jest.advanceTimersByTime(999);
    expect(await pendingGauge(metrics)).toBe(7);
    expect(backlogs.reads).toBe(1);
    jest.advanceTimersByTime(2);
    expect(await pendingGauge(metrics)).toBe(3);
    expect(backlogs.reads).toBe(2);
  });

  it('should read on every scrape when given no freshness', async () => {
    const metrics = new Metrics('backlog-spec-fresh');
    const backlogs = source();
    new BacklogMetrics(metrics, undefined, backlogs, undefined, 0).onModuleInit();
    expect(await pendingGauge(metrics)).toBe(7);
    backlogs.pending = 3;
    expect(await pendingGauge(metrics)).toBe(3);
    expect(backlogs.reads).toBe(2);
  });

  it('should show no figure after a read that failed, and read again once that read is stale', async () => {
    const metrics = new Metrics('backlog-spec-failed');
    let reads = 0;
    const failing: BacklogSource = {
      backlogs: async () => {
        reads++;
        if (reads === 1) throw new Error('NATS away');
        return [BACKLOG];
      },
    };
    new BacklogMetrics(metrics, undefined, failing).onModuleInit();
    expect(await pendingGauge(metrics)).toBe(0);
    jest.advanceTimersByTime(1001);
    expect(await pendingGauge(metrics)).toBe(7);
    expect(reads).toBe(2);
  });
});
