import { randomBytes } from 'node:crypto';
import { serviceConfigFromEnv, type ServiceConfig } from '@saleswire/messaging';
import type { RateLimitConfig } from './http/rate-limits';

export const SERVICE = 'gateway';

export interface AuthConfig {
  jwtSecret: string;
  /** True when no JWT_SECRET was given and a random one was made for this process. */
  jwtSecretGenerated: boolean;
  jwtTtlSeconds: number;
  adminEmail: string;
  adminPassword: string;
  adminPasswordDefault: boolean;
}

export interface GatewayConfig extends ServiceConfig {
  auth: AuthConfig;
  /** TRUST_PROXY: `true`, or comma-separated addresses/CIDRs of the proxies in front. */
  trustProxy: boolean | string;
  rateLimits: RateLimitConfig;
  bodyLimitBytes: number;
  /** PARTNER_STATUS_REFRESH_MS: how often the snapshot of suspended partners is read again, besides the events heard. */
  partnerStatusRefreshMs: number;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@saleswire.local';
export const DEFAULT_ADMIN_PASSWORD = 'saleswire-admin';

function perMinute(value: string | undefined, fallback: number): { limit: number; windowMs: number } {
  const limit = Number(value);
  return { limit: Number.isInteger(limit) && limit > 0 ? limit : fallback, windowMs: 60_000 };
}

function positiveInt(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

function parseTrustProxy(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || value === 'false') return false;
  return value === 'true' ? true : value;
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
    bodyLimitBytes: Number(env.BODY_LIMIT_BYTES ?? 1_048_576),
    partnerStatusRefreshMs: positiveInt(env.PARTNER_STATUS_REFRESH_MS, 10_000),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    rateLimits: {
      perUser: perMinute(env.RATE_LIMIT_USER_PER_MINUTE, 1200),
      perPartner: perMinute(env.RATE_LIMIT_PARTNER_PER_MINUTE, 3000),
      anonymous: perMinute(env.RATE_LIMIT_ANONYMOUS_PER_MINUTE, 120),
    },
    auth: {
      jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
      jwtSecretGenerated: env.JWT_SECRET === undefined,
      jwtTtlSeconds: Number.isInteger(ttl) && ttl > 0 ? ttl : 3600,
      adminEmail: (env.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL).toLowerCase(),
      adminPassword: env.ADMIN_PASSWORD ?? DEFAULT_ADMIN_PASSWORD,
      adminPasswordDefault: env.ADMIN_PASSWORD === undefined,
    },
  };
}
