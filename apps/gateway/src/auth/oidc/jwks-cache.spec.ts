import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { DEFAULT_TTL_MS, JwksCache, keysOf, MAX_TTL_MS, MIN_TTL_MS, ttlOf } from './jwks-cache';

function jwkOf(key: KeyObject, kid: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...key.export({ format: 'jwk' }), kid, ...extra };
}

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;

/** A JWKS endpoint whose key set and Cache-Control the test changes, counting its fetches. */
function endpoint(initial: Array<Record<string, unknown>>, cacheControl: string | null = null) {
  const state = { keys: initial, cacheControl, fetches: 0, failing: false };
  const fetchFn = (async () => {
    state.fetches++;
    if (state.failing) throw new Error('connection refused');
    const headers = new Headers(state.cacheControl ? { 'cache-control': state.cacheControl } : {});
    return new Response(JSON.stringify({ keys: state.keys }), { status: 200, headers });
  }) as typeof fetch;
  return { state, fetchFn };
}

describe('ttlOf', () => {
  it.each([
    [null, DEFAULT_TTL_MS],
    ['public, max-age=600', 600_000],
    ['max-age=1', MIN_TTL_MS],
    ['max-age=99999999', MAX_TTL_MS],
    ['no-store', MIN_TTL_MS],
    ['no-cache, max-age=600', MIN_TTL_MS],
    ['private', DEFAULT_TTL_MS],
    ['s-maxage=100', DEFAULT_TTL_MS],
  ])('should keep a set served with Cache-Control %s for %i ms', (header, ttl) => {
    expect(ttlOf(header)).toBe(ttl);
  });
});

describe('keysOf', () => {
  it('should read RSA (RS256) and P-256 (ES256) signing keys, and skip what cannot verify our tokens', () => {
    const keys = keysOf({
      keys: [
        jwkOf(rsa(), 'r1'),
        jwkOf(ec(), 'e1', { alg: 'ES256', use: 'sig' }),
        jwkOf(rsa(), 'enc', { use: 'enc' }),
        jwkOf(rsa(), 'ps', { alg: 'PS256' }),
        jwkOf(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey, 'short'),
        jwkOf(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey, 'p384'),
        { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' },
        { kty: 'RSA', kid: 'broken', n: '!!', e: 'AQAB' },
        'not a key',
      ],
    });
    expect(keys.map((key) => [key.kid, key.algorithm])).toEqual([
      ['r1', 'RS256'],
      ['e1', 'ES256'],
    ]);
  });

  it('should refuse a document without a key list', () => {
    expect(() => keysOf({ keys: 'none' })).toThrow(/no "keys" array/);
  });
});

describe('JwksCache', () => {
  let now = 1_000_000;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('should fetch once for many requests, and find keys by kid', async () => {
    const { state, fetchFn } = endpoint([jwkOf(rsa(), 'a'), jwkOf(ec(), 'b')]);
    const cache = new JwksCache({ url: 'http://idp/jwks', cooldownMs: 10_000, now: clock, fetch: fetchFn });
    const found = await Promise.all([cache.keyFor('a'), cache.keyFor('b'), cache.keyFor('a')]);
    expect(found.map((key) => key?.algorithm)).toEqual(['RS256', 'ES256', 'RS256']);
    expect(state.fetches).toBe(1);
  });

  it('should fetch again for an unknown kid (a rotation), at most once per cooldown', async () => {
    const { state, fetchFn } = endpoint([jwkOf(rsa(), 'old')]);
    const cache = new JwksCache({ url: 'http://idp/jwks', cooldownMs: 10_000, now: clock, fetch: fetchFn });
    expect(await cache.keyFor('old')).not.toBeNull();
    state.keys = [jwkOf(rsa(), 'new')];
    now += 5_000;
    // Within the cooldown a made-up kid costs no fetch.
    expect(await cache.keyFor('new')).toBeNull();
    expect(state.fetches).toBe(1);
    now += 5_000;
    expect(await cache.keyFor('new')).not.toBeNull();
    expect(state.fetches).toBe(2);
    // The key rotated out is gone.
    expect(await cache.keyFor('old')).toBeNull();
    for (let i = 0; i < 50; i++) await cache.keyFor(`made-up-${i}`);
    expect(state.fetches).toBe(2);
  });

  it('should keep serving an expired set while it fetches the next in the background', async () => {
    const { state, fetchFn } = endpoint([jwkOf(rsa(), 'a')], 'max-age=60');
    const cache = new JwksCache({ url: 'http://idp/jwks', cooldownMs: 10_000, now: clock, fetch: fetchFn });
    await cache.keyFor('a');
    now += 59_000;
    await cache.keyFor('a');
    expect(state.fetches).toBe(1);
    now += 2_000;
    expect(await cache.keyFor('a')).not.toBeNull();
    expect(state.fetches).toBe(2);
  });

  it('should keep the keys it knows when a fetch fails, and try again after the cooldown', async () => {
    const { state, fetchFn } = endpoint([jwkOf(rsa(), 'a')], 'max-age=60');
    const failures: string[] = [];
    const cache = new JwksCache({ url: 'http://idp/jwks', cooldownMs: 10_000, now: clock, fetch: fetchFn, onFailure: (e) => failures.push(e.message) });
    await cache.keyFor('a');
    state.failing = true;
    now += 61_000;
    await cache.keyFor('a');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.keyFor('a')).not.toBeNull();
    expect(failures).toEqual(['connection refused']);
    expect(state.fetches).toBe(2);
    now += 10_000;
    state.failing = false;
    await cache.keyFor('a');
    expect(state.fetches).toBe(3);
  });

  it('should use the only key for a token without kid, and none when the set has several', async () => {
    const single = endpoint([jwkOf(rsa(), 'only')]);
    expect(await new JwksCache({ url: 'http://idp/a', cooldownMs: 10_000, now: clock, fetch: single.fetchFn }).keyFor(undefined)).not.toBeNull();
    const several = endpoint([jwkOf(rsa(), 'a'), jwkOf(rsa(), 'b')]);
    expect(await new JwksCache({ url: 'http://idp/b', cooldownMs: 10_000, now: clock, fetch: several.fetchFn }).keyFor(undefined)).toBeNull();
  });

  it('should say that no key set was ever loaded when the first fetch fails', async () => {
    const { state, fetchFn } = endpoint([]);
    state.failing = true;
    const cache = new JwksCache({ url: 'http://idp/jwks', cooldownMs: 10_000, now: clock, fetch: fetchFn });
    expect(await cache.keyFor('a')).toBeNull();
    expect(cache.isLoaded()).toBe(false);
  });
});
