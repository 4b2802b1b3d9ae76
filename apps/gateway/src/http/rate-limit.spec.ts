import { decisionOf, leaseSize, LocalBuckets, secondsUntil, takeTokens, tokensAt } from './rate-limit';

describe('token bucket arithmetic', () => {
  const rule = { perSecond: 50, burst: 200 };

  it('should treat a bucket never seen as full', () => {
    expect(tokensAt(null, rule, 1_000)).toBe(200);
  });

  it.each([
    [0, 10, 10],
    [100, 10, 15],
    [1_000, 10, 60],
    [10_000, 10, 200],
  ])('should refill %i ms after holding %i tokens to %i, never past the burst', (elapsed, tokens, expected) => {
    expect(tokensAt({ tokens, at: 5_000 }, rule, 5_000 + elapsed)).toBeCloseTo(expected, 6);
  });

  it('should not refill backwards when the state was written by a replica whose clock runs ahead', () => {
    expect(tokensAt({ tokens: 3, at: 10_000 }, rule, 9_000)).toBe(3);
    expect(takeTokens({ tokens: 3, at: 10_000 }, rule, 9_000, 1).state.at).toBe(10_000);
  });

  it('should grant whole tokens only, at most what the bucket holds', () => {
    expect(takeTokens({ tokens: 2.7, at: 0 }, rule, 0, 5)).toEqual({ granted: 2, state: { tokens: expect.closeTo(0.7, 6), at: 0 } });
    expect(takeTokens({ tokens: 0.9, at: 0 }, rule, 0, 1).granted).toBe(0);
    expect(takeTokens(null, rule, 0, 5)).toEqual({ granted: 5, state: { tokens: 195, at: 0 } });
  });

  it.each([
    [0, 1, 1],
    [0.5, 1, 1],
    [0, 200, 4],
    [199.5, 200, 1],
  ])('should say the seconds until a bucket of %f tokens holds %i: %i', (tokens, needed, seconds) => {
    expect(secondsUntil(tokens, needed, rule)).toBe(seconds);
  });

  it('should answer the headers of a refused request with the time until the next token', () => {
    expect(decisionOf(false, 0.2, { perSecond: 0.5, burst: 30 })).toEqual({
      allowed: false,
      limit: 30,
      remaining: 0,
      resetSeconds: 60,
      retryAfterSeconds: 2,
    });
  });

  it.each([
    ['a busy bucket: a tenth of a second of the rate', { perSecond: 50, burst: 200 }, 200, 0, 5],
    ['a nearly empty bucket: a tenth of what is left, at least one', { perSecond: 50, burst: 200 }, 12, 0, 1],
    ['a slow rule: one token at a time', { perSecond: 0.5, burst: 30 }, 30, 0, 1],
    ['requests waiting behind the lease', { perSecond: 50, burst: 200 }, 200, 9, 9],
  ])('should size a lease for %s', (_case, rule, available, waiting, expected) => {
    expect(leaseSize(rule, available, waiting, 0.1)).toBe(expected);
  });
});

describe('LocalBuckets', () => {
  it('should allow the burst, refuse the next, and refill with time', () => {
    let now = 0;
    const buckets = new LocalBuckets(() => now);
    const rule = { perSecond: 1, burst: 3 };
    expect([1, 2, 3, 4].map(() => buckets.take('user.a', rule, 1).granted)).toEqual([1, 1, 1, 0]);
    now += 1_000;
    expect(buckets.take('user.a', rule, 1).granted).toBe(1);
    expect(buckets.take('user.b', rule, 1).granted).toBe(1);
  });

  it('should forget a bucket once it is full again, and then start it full', () => {
    let now = 0;
    const buckets = new LocalBuckets(() => now);
    const rule = { perSecond: 1, burst: 2 };
    buckets.take('ip.1', rule, 2);
    now += 5_000;
    expect(buckets.take('ip.1', rule, 5)).toEqual({ granted: 2, tokens: 0 });
  });
});
