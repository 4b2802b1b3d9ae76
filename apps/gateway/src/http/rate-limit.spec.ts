import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  const rule = { limit: 3, windowMs: 60_000 };

  it('should allow the limit, refuse the next and count down what remains', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(() => now);
    expect([1, 2, 3].map(() => limiter.take('user:a', rule).remaining)).toEqual([2, 1, 0]);
    const refused = limiter.take('user:a', rule);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, limit: 3, resetSeconds: 60 });
    now += 59_000;
    expect(limiter.take('user:a', rule)).toMatchObject({ allowed: false, resetSeconds: 1 });
  });

  it('should start a new window when the old one has ended', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 4; i++) limiter.take('user:a', rule);
    now += 60_000;
    expect(limiter.take('user:a', rule)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('should keep separate counts per key', () => {
    const limiter = new RateLimiter(() => 0);
    for (let i = 0; i < 3; i++) limiter.take('user:a', rule);
    expect(limiter.take('user:b', rule).allowed).toBe(true);
    expect(limiter.take('user:a', rule).allowed).toBe(false);
  });
});
