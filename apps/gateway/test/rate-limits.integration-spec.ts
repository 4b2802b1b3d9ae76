import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { cleanupSuite, suiteNamespace } from '@saleswire/testing';
import { KvBuckets, kvKey } from '../src/http/rate-limit-kv';

describe('KvBuckets: token buckets in NATS KV (real NATS JetStream)', () => {
  let nc: NatsConnection;
  const bucket = () => `${suiteNamespace()}_rate-limits`;
  const open = (trips: string[] = []) =>
    new KvBuckets(nc, { bucket: bucket(), replicas: 1, maxAgeMs: 600_000, timeoutMs: 2000, onRoundTrip: (outcome) => trips.push(outcome) });

  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL });
  });

  afterAll(async () => {
    await nc.close();
    await cleanupSuite();
  });

  it('should make the bucket a KV bucket of history 1 in memory, kept as long as asked', async () => {
    await open().ensure();
    const info = await (await jetstreamManager(nc)).streams.info(`KV_${bucket()}`);
    expect(info.config).toMatchObject({
      subjects: [`$KV.${bucket()}.>`],
      max_msgs_per_subject: 1,
      storage: 'memory',
      allow_direct: true,
      max_age: 600_000 * 1_000_000,
    });
  });

  it('should never grant replicas together more than the bucket holds, however they race', async () => {
    const trips: string[] = [];
    const rule = { perSecond: 0.001, burst: 300 };
    // Three replicas each taking a lease of 3 every few milliseconds (hundreds of requests a second each), one
    // take at a time, as LeasedBuckets does.
    const replica = async (): Promise<number> => {
      const store = open(trips);
      let granted = 0;
      for (;;) {
        const take = await store.take(kvKey('partner', 'race'), rule, () => 3);
        if (take.granted === 0) return granted;
        granted += take.granted;
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    };
    const granted = await Promise.all([replica(), replica(), replica()]);
    expect(granted.reduce((sum, n) => sum + n, 0)).toBe(300);
    expect(Math.min(...granted)).toBeGreaterThan(0);
    // The races were lost and retried, not counted twice.
    expect(trips).toContain('conflict');
  });

  it('should take what a bucket holds and refuse without writing once it is empty', async () => {
    const trips: string[] = [];
    const store = open(trips);
    const rule = { perSecond: 0.001, burst: 5 };
    expect(await store.take(kvKey('user', 'one'), rule, () => 3)).toMatchObject({ granted: 3 });
    expect(await store.take(kvKey('user', 'one'), rule, () => 3)).toMatchObject({ granted: 2 });
    trips.length = 0;
    expect(await store.take(kvKey('user', 'one'), rule, () => 3)).toMatchObject({ granted: 0 });
    expect(trips).toEqual([]);
  });

  it('should keep addresses apart that differ in characters a KV key cannot hold', async () => {
    expect(kvKey('ip', '::ffff:10.0.0.1')).toBe('ip.=3a=3affff=3a10.0.0.1');
    expect(kvKey('ip', '=3a')).not.toBe(kvKey('ip', ':'));
    const store = open();
    const rule = { perSecond: 0.001, burst: 1 };
    expect((await store.take(kvKey('ip', '2001:db8::1'), rule, () => 1)).granted).toBe(1);
    expect((await store.take(kvKey('ip', '2001:db8::2'), rule, () => 1)).granted).toBe(1);
  });

  it('should make its stream again after losing it (a NATS restart loses memory streams)', async () => {
    const store = open();
    const rule = { perSecond: 0.001, burst: 5 };
    await store.take(kvKey('user', 'lost'), rule, () => 1);
    await (await jetstreamManager(nc)).streams.delete(`KV_${bucket()}`);
    await expect(store.take(kvKey('user', 'lost'), rule, () => 1)).rejects.toThrow();
    // Forgotten with the stream, the bucket is full again.
    expect(await store.take(kvKey('user', 'lost'), rule, () => 5)).toMatchObject({ granted: 5 });
  });
});
