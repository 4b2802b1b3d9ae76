import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/** A key of the provider's set that can verify tokens, with the one algorithm it verifies. */
export interface VerificationKey {
  kid: string | null;
  key: KeyObject;
  algorithm: 'RS256' | 'ES256';
}

export interface JwksCacheOptions {
  url: string;
  /** An unknown `kid` fetches the set again at most this often (a token with a made-up kid costs nothing more). */
  cooldownMs: number;
  now?: () => number;
  fetch?: typeof fetch;
  /** Told when a fetch fails; the keys known before stay in use. */
  onFailure?: (error: Error) => void;
}

// A set is kept as long as its Cache-Control max-age says, within 30 s and 24 h; 10 minutes without one. A
// key set is small: anything over 256 KB is not one.
export const MIN_TTL_MS = 30_000;
export const MAX_TTL_MS = 24 * 3600_000;
export const DEFAULT_TTL_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;
const MAX_BYTES = 256 * 1024;

/** How long a response with this Cache-Control may be kept, within the bounds. */
export function ttlOf(cacheControl: string | null): number {
  if (cacheControl === null) return DEFAULT_TTL_MS;
  if (/(^|[\s,])(no-store|no-cache)([\s,=]|$)/i.test(cacheControl)) return MIN_TTL_MS;
  const maxAge = /(?:^|[\s,])max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  if (!maxAge) return DEFAULT_TTL_MS;
  return Math.min(MAX_TTL_MS, Math.max(MIN_TTL_MS, Number(maxAge[1]) * 1000));
}

/**
 * The verification keys of a JWK Set: RSA keys of 2048 bits or more (RS256) and P-256 keys (ES256) meant for
 * signatures. Keys of other types, curves or algorithms are skipped rather than failing the set, so a provider
 * that adds one does not lock everybody out. Only the public parts of a key are read.
 */
export function keysOf(set: unknown): VerificationKey[] {
  const keys = (set as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('the key set has no "keys" array');
  const out: VerificationKey[] = [];
  for (const jwk of keys as Array<Record<string, unknown>>) {
    if (typeof jwk !== 'object' || jwk === null || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
    const kid = typeof jwk.kid === 'string' ? jwk.kid : null;
    try {
      if (jwk.kty === 'RSA' && (jwk.alg === undefined || jwk.alg === 'RS256') && typeof jwk.n === 'string' && typeof jwk.e === 'string') {
        const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey, format: 'jwk' });
        if ((key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048) out.push({ kid, key, algorithm: 'RS256' });
      } else if (jwk.kty === 'EC' && jwk.crv === 'P-256' && (jwk.alg === undefined || jwk.alg === 'ES256') && typeof jwk.x === 'string' && typeof jwk.y === 'string') {
        out.push({ kid, key: createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } as JsonWebKey, format: 'jwk' }), algorithm: 'ES256' });
      }
    } catch {
      // A key that does not parse is one the provider cannot have signed with for us: skip it.
    }
  }
  return out;
}

/**
 * The provider's signing keys, fetched from its JWKS URL and kept for the response's max-age. A key set past its
 * age keeps serving while a fresh one is fetched in the background; a token naming a `kid` not in the set
 * fetches it at once (the provider rotated its keys), at most once per cooldown; a failed fetch keeps the keys
 * known before. Concurrent requests share one fetch.
 */
export class JwksCache {
  private keys: VerificationKey[] = [];
  private loaded = false;
  private expiresAt = 0;
  private lastFetchAt = Number.NEGATIVE_INFINITY;
  private fetching?: Promise<void>;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: JwksCacheOptions) {
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** The key for a token's `kid` (without one, the only key of the set); null when there is none. */
  async keyFor(kid: string | undefined): Promise<VerificationKey | null> {
    if (!this.loaded) await this.refresh();
    else if (this.now() >= this.expiresAt) void this.refresh();
    const known = this.find(kid);
    if (known || this.now() - this.lastFetchAt < this.options.cooldownMs) return known;
    await this.refresh();
    return this.find(kid);
  }

  /** Whether a key set was ever loaded: without one no token can be checked, which is the provider's outage. */
  isLoaded(): boolean {
    return this.loaded;
  }

  private find(kid: string | undefined): VerificationKey | null {
    if (kid === undefined) return this.keys.length === 1 ? this.keys[0] : null;
    return this.keys.find((key) => key.kid === kid) ?? null;
  }

  private refresh(): Promise<void> {
    this.fetching ??= this.load().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private async load(): Promise<void> {
    this.lastFetchAt = this.now();
    try {
      const response = await this.fetch(this.options.url, {
        headers: { accept: 'application/jwk-set+json, application/json' },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (response.status !== 200) throw new Error(`the key set answered ${response.status}`);
      const text = await response.text();
      if (text.length > MAX_BYTES) throw new Error('the key set is larger than 256 KB');
      this.keys = keysOf(JSON.parse(text));
      this.loaded = true;
      this.expiresAt = this.now() + ttlOf(response.headers.get('cache-control'));
    } catch (error) {
      // Tried again after the cooldown, not on every request meanwhile.
      this.expiresAt = this.now() + this.options.cooldownMs;
      this.options.onFailure?.(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
