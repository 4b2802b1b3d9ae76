import { LocalBuckets, takeTokens, type BucketState, type RateLimitRule } from './rate-limit';
import type { SharedBuckets } from './rate-limit-kv';
import { LeasedBuckets, type LeaseOptions } from './rate-limit-leases';

/** The shared store as NATS KV behaves for one key: takes are atomic; every take is one round trip. */
class FakeShared implements SharedBuckets {
  readonly states = new Map<string, BucketState>();
  roundTrips = 0;
  failing = false;

  constructor(private readonly now: () => number) {}

  async take(key: string, rule: RateLimitRule, size: (available: number) => number): Promise<{ granted: number; tokens: number }> {
    this.roundTrips++;
    await Promise.resolve();
    if (this.failing) throw new Error('NATS KV is away');
    const state = this.states.get(key) ?? null;
    const now = this.now();
    const available = takeTokens(state, rule, now, 0).state.tokens;
    const taken = takeTokens(state, rule, now, available >= 1 ? size(available) : 0);
    this.states.set(key, taken.state);
    return { granted: taken.granted, tokens: taken.state.tokens };
  }
}

function setUp(options: Partial<LeaseOptions> = {}) {
  let now = 1_000_000;
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const shared = new FakeShared(clock.now);
  const changes: Array<string | null> = [];
  const replica = (): LeasedBuckets =>
    new LeasedBuckets(shared, new LocalBuckets(clock.now), {
      leaseSeconds: 0.1,
      leaseTtlMs: 1000,
      retrySharedAfterMs: 5000,
      now: clock.now,
      onSharedChange: (error) => changes.push(error ? error.message : null),
      ...options,
    });
  return { clock, shared, replica, changes };
}

const USER = { key: 'user.u1', rule: { perSecond: 50, burst: 200 } };
const PARTNER = { key: 'partner.p1', rule: { perSecond: 20, burst: 200 } };

async function allowedOf(replica: LeasedBuckets, requests = [USER], times = 1): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < times; i++) if ((await replica.take(requests)).every((decision) => decision.allowed)) allowed++;
  return allowed;
}

describe('LeasedBuckets', () => {
  it('should allow exactly the burst through one replica, with a round trip per lease, not per request', async () => {
    const { replica, shared } = setUp();
    const one = replica();
    expect(await allowedOf(one, [USER], 250)).toBe(200);
    // Leases of 5 while the bucket is full, smaller as it empties, then one look per refused stretch.
    expect(shared.roundTrips).toBeLessThan(80);
  });

  it('should hold two replicas sending at once to the same figure as one', async () => {
    const { replica } = setUp();
    const [a, b] = [replica(), replica()];
    const answers = await Promise.all(Array.from({ length: 400 }, (_, i) => (i % 2 ? a : b).take([PARTNER])));
    const allowed = answers.filter(([decision]) => decision.allowed).length;
    // Every token granted was taken from the shared bucket; a lease may strand a few unused.
    expect(allowed).toBeLessThanOrEqual(200);
    expect(allowed).toBeGreaterThanOrEqual(190);
  });

  it('should refill at the rule rate across replicas', async () => {
    const { replica, clock } = setUp();
    const [a, b] = [replica(), replica()];
    await allowedOf(a, [PARTNER], 200);
    expect(await allowedOf(b, [PARTNER], 1)).toBe(0);
    clock.advance(1_000);
    // A second of refill is 20 tokens; each replica takes leases of what is left.
    const refilled = (await allowedOf(a, [PARTNER], 15)) + (await allowedOf(b, [PARTNER], 15));
    expect(refilled).toBeGreaterThanOrEqual(18);
    expect(refilled).toBeLessThanOrEqual(20);
  });

  it('should refuse a caller locally, without asking the store, until its next token is due', async () => {
    const { replica, shared, clock } = setUp();
    const one = replica();
    await allowedOf(one, [{ key: 'ip.x', rule: { perSecond: 1, burst: 2 } }], 2);
    const before = shared.roundTrips;
    const refused = await one.take([{ key: 'ip.x', rule: { perSecond: 1, burst: 2 } }]);
    expect(refused[0]).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    const afterFirst = shared.roundTrips;
    expect(await allowedOf(one, [{ key: 'ip.x', rule: { perSecond: 1, burst: 2 } }], 50)).toBe(0);
    expect(shared.roundTrips).toBe(afterFirst);
    expect(afterFirst - before).toBeLessThanOrEqual(1);
    clock.advance(1_000);
    expect(await allowedOf(one, [{ key: 'ip.x', rule: { perSecond: 1, burst: 2 } }], 1)).toBe(1);
  });

  it('should spend no token of one bucket when another refuses the request', async () => {
    const { replica } = setUp();
    const one = replica();
    const tight = { key: 'partner.p2', rule: { perSecond: 0.001, burst: 1 } };
    const roomy = { key: 'user.u2', rule: { perSecond: 0.001, burst: 3 } };
    expect(await allowedOf(one, [roomy, tight], 1)).toBe(1);
    const refused = await one.take([roomy, tight]);
    expect(refused.map((decision) => decision.allowed)).toEqual([true, false]);
    // The user's two remaining tokens are still there for requests outside the partner.
    expect(await allowedOf(one, [roomy], 3)).toBe(2);
  });

  it('should drop a lease that was not used within its TTL rather than spend it as a late burst', async () => {
    const { replica, shared, clock } = setUp();
    const one = replica();
    await one.take([USER]);
    const leased = 200 - shared.states.get(USER.key)!.tokens;
    expect(leased).toBe(5);
    clock.advance(1_500);
    const trips = shared.roundTrips;
    await one.take([USER]);
    expect(shared.roundTrips).toBe(trips + 1);
  });

  it('should count per replica while the shared store fails, say so once, and go back to it later', async () => {
    const { replica, shared, clock, changes } = setUp();
    const one = replica();
    shared.failing = true;
    expect(await allowedOf(one, [{ key: 'user.u3', rule: { perSecond: 0.001, burst: 3 } }], 5)).toBe(3);
    expect(one.isShared()).toBe(false);
    expect(changes).toEqual(['NATS KV is away']);
    // While it is down, the store is not asked on every request.
    expect(shared.roundTrips).toBe(1);
    shared.failing = false;
    clock.advance(5_000);
    await one.take([{ key: 'user.u4', rule: { perSecond: 50, burst: 200 } }]);
    expect(one.isShared()).toBe(true);
    expect(changes).toEqual(['NATS KV is away', null]);
  });

  it('should go on from what the shared bucket last held when the store fails, not hand out a fresh burst', async () => {
    const { replica, shared } = setUp();
    const one = replica();
    const rule = { key: 'partner.p5', rule: { perSecond: 0.001, burst: 10 } };
    expect(await allowedOf(one, [rule], 8)).toBe(8);
    shared.failing = true;
    expect(await allowedOf(one, [rule], 10)).toBe(2);
  });

  it('should share one lease among requests that arrive together', async () => {
    const { replica, shared } = setUp();
    const one = replica();
    const answers = await Promise.all(Array.from({ length: 20 }, () => one.take([USER])));
    expect(answers.every(([decision]) => decision.allowed)).toBe(true);
    expect(shared.roundTrips).toBeLessThanOrEqual(3);
  });
});
