import { randomBytes } from 'node:crypto';
import { serviceConfigFromEnv, type ServiceConfig } from '@saleswire/messaging';
import { parseCorsOrigins } from './http/browser-access';
import type { RateLimitRule } from './http/rate-limit';
import type { RateLimitConfig } from './http/rate-limits';
import { webRootFromEnv } from './http/web-app';

export const SERVICE = 'gateway';
/** The `iss` of the gateway's own tokens. */
export const TOKEN_ISSUER = 'saleswire';

/** An external OpenID Connect provider whose access tokens the gateway accepts (OIDC_*). */
export interface OidcConfig {
  issuer: string;
  /** The token's `aud` must name one of these. */
  audience: string[];
  jwksUrl: string;
  /** Dotted path of the claim naming the Saleswire role (`saleswire_role`, or e.g. `realm_access.roles`). */
  roleClaim: string;
  /** Dotted path of the claim naming a partner user's partner. */
  partnerClaim: string;
  clockSkewSeconds: number;
  /** An unknown `kid` fetches the key set again at most this often. */
  jwksCooldownMs: number;
}

export interface AuthConfig {
  jwtSecret: string;
  /** True when no JWT_SECRET was given and a random one was made for this process. */
  jwtSecretGenerated: boolean;
  jwtTtlSeconds: number;
  adminEmail: string;
  adminPassword: string;
  adminPasswordDefault: boolean;
  /** Null unless OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL are all set. */
  oidc: OidcConfig | null;
  /** How long a principal check's answer (deactivated user, suspended partner) is kept per process. */
  principalCheckTtlMs: number;
}

export interface GatewayConfig extends ServiceConfig {
  auth: AuthConfig;
  /** TRUST_PROXY: `true`, or comma-separated addresses/CIDRs of the proxies in front. */
  trustProxy: boolean | string;
  rateLimits: RateLimitConfig;
  bodyLimitBytes: number;
  /** CORS_ORIGINS: origins whose browsers may call the API; empty = no CORS (http/browser-access.ts). */
  corsOrigins: string[];
  /** WEB_ROOT (default dist/apps/web): the web app the gateway serves at `/` (http/web-app.ts); empty = none. */
  webRoot: string | null;
  /** AGGREGATION_DEADLINE_MS (2000): how long a customer's history and the dashboard wait for each service. */
  aggregationDeadlineMs: number;
  /** PARTNER_STATUS_REFRESH_MS: how often the snapshot of suspended partners is read again, besides the events heard. */
  partnerStatusRefreshMs: number;
  /** `PARTNER_FEED_HEARTBEAT_MS` (15000): how often an idle partner feed sends a heartbeat comment. */
  partnerFeedHeartbeatMs: number;
  /** REQUEST_TIMEOUT_MS: a route's handler that takes longer is answered 503 (http/request-time-limit.ts); 0 = none. */
  requestTimeoutMs: number;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@saleswire.local';
export const DEFAULT_ADMIN_PASSWORD = 'saleswire-admin';

function positiveNumber(value: string | undefined, fallback: number): number {
  const parsed = value === undefined || value === '' ? NaN : Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

function positiveInteger(value: string | undefined, fallback: number): number {
  const parsed = positiveNumber(value, fallback);
  return Number.isInteger(parsed) ? parsed : fallback;
}

/**
 * A rate limit from `RATE_LIMIT_<WHO>_PER_SECOND` and `_BURST`; the older `RATE_LIMIT_<WHO>_PER_MINUTE=n`, when
 * it is the only one given, still means what it said: n requests at once, and n a minute after that.
 */
function rule(env: NodeJS.ProcessEnv, who: string, defaults: RateLimitRule): RateLimitRule {
  const perMinute = env[`RATE_LIMIT_${who}_PER_MINUTE`];
  const legacy = env[`RATE_LIMIT_${who}_PER_SECOND`] === undefined && env[`RATE_LIMIT_${who}_BURST`] === undefined && perMinute !== undefined;
  const minute = positiveInteger(perMinute, 0);
  if (legacy && minute > 0) return { perSecond: minute / 60, burst: minute };
  return {
    perSecond: positiveNumber(env[`RATE_LIMIT_${who}_PER_SECOND`], defaults.perSecond),
    burst: positiveInteger(env[`RATE_LIMIT_${who}_BURST`], defaults.burst),
  };
}

function oidcFromEnv(env: NodeJS.ProcessEnv): OidcConfig | null {
  const { OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_JWKS_URL: jwksUrl } = env;
  const given = [issuer, audience, jwksUrl].filter((value) => value !== undefined && value !== '');
  if (given.length === 0) return null;
  if (given.length < 3) throw new Error('OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL are needed together');
  if (issuer === TOKEN_ISSUER) throw new Error(`OIDC_ISSUER must not be "${TOKEN_ISSUER}", the issuer of the gateway's own tokens`);
  let url: URL;
  try {
    url = new URL(jwksUrl!);
  } catch {
    throw new Error(`OIDC_JWKS_URL "${jwksUrl}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('OIDC_JWKS_URL must be an http(s) URL');
  return {
    issuer: issuer!,
    audience: audience!.split(',').map((item) => item.trim()).filter(Boolean),
    jwksUrl: url.toString(),
    roleClaim: env.OIDC_ROLE_CLAIM || 'saleswire_role',
    partnerClaim: env.OIDC_PARTNER_CLAIM || 'saleswire_partner_id',
    clockSkewSeconds: positiveInteger(env.OIDC_CLOCK_SKEW_SECONDS, 30),
    jwksCooldownMs: positiveInteger(env.OIDC_JWKS_COOLDOWN_MS, 10_000),
  };
}

function positiveInt(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

function nonNegativeInt(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(parsed) && parsed >= 0 ? parsed : fallback;
}

function parseTrustProxy(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || value === 'false') return false;
  return value === 'true' ? true : value;
}

function rateLimitsFromEnv(env: NodeJS.ProcessEnv): RateLimitConfig {
  const perUser = rule(env, 'USER', { perSecond: 50, burst: 200 });
  const shared = (env.RATE_LIMIT_SHARED ?? 'on').toLowerCase();
  if (shared !== 'on' && shared !== 'off') throw new Error('RATE_LIMIT_SHARED must be "on" or "off"');
  return {
    perUser,
    perPartner: rule(env, 'PARTNER', { perSecond: 20, burst: 200 }),
    anonymous: rule(env, 'ANONYMOUS', { perSecond: 2, burst: 120 }),
    // An API key given its own rate gets the same seconds of burst as a user: 200 at 50 a second is 4 s.
    keyBurstSeconds: perUser.burst / perUser.perSecond,
    shared: shared === 'on',
  };
}

/** The gateway's settings, from environment variables (README, "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const base = serviceConfigFromEnv(SERVICE, { port: 3000, schema: 'iam' }, env);
  const ttl = Number(env.JWT_TTL_SECONDS ?? 3600);
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET.length < 32) {
    throw new Error('JWT_SECRET must be at least 32 characters');
  }
  return {
    ...base,
    // The gateway's users travel as evt.iam.* on IAM_EVENTS (DESIGN.md: the gateway owns the directory).
    messaging: { ...base.messaging, producer: 'iam' },
    bodyLimitBytes: Number(env.BODY_LIMIT_BYTES ?? 1_048_576),
    partnerStatusRefreshMs: positiveInt(env.PARTNER_STATUS_REFRESH_MS, 10_000),
    aggregationDeadlineMs: positiveInt(env.AGGREGATION_DEADLINE_MS, 2_000),
    partnerFeedHeartbeatMs: positiveInt(env.PARTNER_FEED_HEARTBEAT_MS, 15_000),
    // Three requests' worth of RPC_TIMEOUT_MS: a route waits on a few services at most, one after another.
    requestTimeoutMs: nonNegativeInt(env.REQUEST_TIMEOUT_MS, 3 * base.messaging.rpcTimeoutMs),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    webRoot: webRootFromEnv(env),
    rateLimits: rateLimitsFromEnv(env),
    auth: {
      jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
      jwtSecretGenerated: env.JWT_SECRET === undefined,
      jwtTtlSeconds: Number.isInteger(ttl) && ttl > 0 ? ttl : 3600,
      adminEmail: (env.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL).toLowerCase(),
      adminPassword: env.ADMIN_PASSWORD ?? DEFAULT_ADMIN_PASSWORD,
      adminPasswordDefault: env.ADMIN_PASSWORD === undefined,
      oidc: oidcFromEnv(env),
      principalCheckTtlMs: positiveInteger(env.AUTH_CHECK_TTL_MS, 1000),
    },
  };
}
