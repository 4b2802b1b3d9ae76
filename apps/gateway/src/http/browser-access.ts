import cors from '@fastify/cors';
import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { isOrigin } from '@saleswire/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BrowserOrigins, EXPOSED_HEADERS } from './browser-origins';
import { gatewayAllows, gatewayOrigins, preflightAllows } from './cors-origins.policy';

export { EXPOSED_HEADERS } from './browser-origins';

/**
 * What a browser on a partner's portal needs to call the API, and what every answer says to browsers (issue 15,
 * ADR 0017). CORS for the origins in `CORS_ORIGINS`, and for those an API key or a partner lists for its own
 * callers (cors-origins.policy.ts): a preflight is answered by the CORS hook itself, before any route, guard or
 * service, for the gateway's origins and any a key or partner lists (a preflight carries no credential); the
 * answer's headers for a key's or partner's origin are set by the auth guard once it knows the caller
 * (BrowserOrigins). The headers a client reads (ETag, Location, rate limits, Retry-After, the replay flag) are
 * exposed. The security headers are on every answer, errors included; HSTS only over TLS.
 */
export interface BrowserAccessConfig {
  /** Origins allowed to call the API from a browser (`https://portal.example:8443`); `*` for any; empty: only keys' and partners' own. */
  corsOrigins: string[];
}

/** Headers a browser client may send. */
export const ALLOWED_HEADERS = ['Authorization', 'X-Api-Key', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Correlation-Id', 'Last-Event-ID'];

/** Strict: the API answers JSON, and the docs page loads its scripts from here and styles itself inline. */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    imgSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
  },
};

const HSTS = 'max-age=31536000; includeSubDomains';

const kebab = (name: string): string => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/**
 * The headers of an answer written outside Fastify's hooks (a URL Fastify cannot route, a request Node's parser
 * refuses: problem.ts), so that those carry the essentials too.
 */
export const BASELINE_SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': Object.entries(CONTENT_SECURITY_POLICY.directives)
    .map(([name, values]) => `${kebab(name)} ${values.join(' ')}`)
    .join(';'),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** CORS_ORIGINS: comma-separated origins (scheme, host and port only) or `*`; anything else stops the start. */
export function parseCorsOrigins(value: string | undefined): string[] {
  const origins = (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    // One rule for every allowed origin, the gateway's and the keys' and partners' (contracts' isOrigin).
    if (origin !== '*' && !isOrigin(origin)) {
      throw new Error(`CORS_ORIGINS: "${origin}" is not an origin such as https://portal.example.com (scheme, host and port, no path)`);
    }
  }
  return origins;
}

/** Registers the security headers and, when origins are configured, CORS; before the app starts. */
export async function installBrowserAccess(app: NestFastifyApplication, config: BrowserAccessConfig): Promise<void> {
  const corsOn = config.corsOrigins.length > 0;
  // helmet's middleware, made once. (@fastify/helmet made it anew for every request, its policy parsed each time:
  // 12–15 µs a request in a probe against under 1 µs made once, docs/benchmarks.md.)
  const securityHeaders = helmet({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    // Set below, and only over TLS: over plain HTTP the header means nothing and misleads.
    strictTransportSecurity: false,
    // Browsers on the allowed origins read the answers; without CORS, only this origin does.
    crossOriginResourcePolicy: { policy: corsOn ? 'cross-origin' : 'same-origin' },
    crossOriginEmbedderPolicy: false,
    // Nothing of the gateway is meant to be framed (CSP frame-ancestors says the same to newer browsers).
    frameguard: { action: 'deny' },
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.addHook('onRequest', (request, reply, done) => {
    // On the raw answer, where Fastify's own headers join them when it writes the head.
    securityHeaders(request.raw, reply.raw, (error?: unknown) => {
      if (error) return done(error as Error);
      // `protocol` follows X-Forwarded-Proto only from the proxies TRUST_PROXY names.
      if (request.protocol === 'https') void reply.header('Strict-Transport-Security', HSTS);
      done();
    });
  });
  const gateway = gatewayOrigins(config.corsOrigins);
  // Asked at request time: the providers exist once the app is created, and the document's preview has none.
  let records: BrowserOrigins | null | undefined;
  const listedByARecord = (origin: string): boolean => {
    if (records === undefined) {
      try {
        records = app.get(BrowserOrigins, { strict: false });
      } catch {
        records = null;
      }
    }
    return records?.listed(origin) ?? false;
  };
  const originFor = (request: FastifyRequest): string | false => {
    const origin = request.headers.origin;
    const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    // A preflight has no credential: the gateway's origins and any a key or partner lists. An actual request gets
    // the gateway's here; its key's or partner's are added by the auth guard, which knows the caller.
    const allowed = preflight ? preflightAllows(origin, gateway, listedByARecord) : gatewayAllows(origin, gateway);
    return allowed && origin !== undefined ? origin : false;
  };
  await app.register(cors, {
    // Another origin (or none: a server calling) gets no CORS header at all, and its preflight no answer.
    delegator: (request: FastifyRequest, callback: (error: Error | null, options: Record<string, unknown>) => void) =>
      callback(null, { ...CORS_OPTIONS, origin: originFor(request) }),
  });
}

const CORS_OPTIONS = {
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowedHeaders: ALLOWED_HEADERS,
  exposedHeaders: EXPOSED_HEADERS,
  maxAge: 600,
  // Tokens and keys travel in headers, never in cookies.
  credentials: false,
  strictPreflight: true,
};
