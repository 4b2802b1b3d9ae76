import { Inject, Injectable, Optional } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedPrincipal } from '../auth/principal';
import { answerAllows, gatewayAllows, type GatewayOrigins } from './cors-origins.policy';

/** Headers a browser client may read from an answer. */
export const EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
  'Idempotent-Replayed',
  'X-Correlation-Id',
];

/** Something that lists allowed origins for some callers: API keys, partners (cors-origins.policy.ts). */
export interface OriginSource {
  /** Whether any of its records lists the origin (a preflight is answered for it). */
  lists(origin: string): boolean;
  /** The origins this caller's own record lists. */
  originsOf(principal: AuthenticatedPrincipal): readonly string[];
}

/** The OriginSources the gateway asks, provided as a list. */
export const ORIGIN_SOURCES = Symbol('ORIGIN_SOURCES');
/** `CORS_ORIGINS` as GatewayOrigins. */
export const GATEWAY_ORIGINS = Symbol('GATEWAY_ORIGINS');

/**
 * The origins keys and partners list, beside the gateway's own: for preflights (browser-access.ts asks `listed`)
 * and for the answer to an authenticated caller (the auth guard calls `allowCaller` as soon as it knows who calls,
 * so a refusal, a rate limit's 429 and the partner feed's stream carry the headers too).
 */
@Injectable()
export class BrowserOrigins {
  constructor(
    @Inject(GATEWAY_ORIGINS) private readonly gateway: GatewayOrigins,
    @Optional() @Inject(ORIGIN_SOURCES) private readonly sources: readonly OriginSource[] = [],
  ) {}

  /** Whether some key or partner lists the origin. */
  listed(origin: string): boolean {
    return this.sources.some((source) => source.lists(origin));
  }

  /** The origins the caller's key and partner list. */
  originsOf(principal: AuthenticatedPrincipal): string[] {
    return this.sources.flatMap((source) => source.originsOf(principal));
  }

  /**
   * Lets the caller's browser read this answer when its origin is one the caller's key or partner lists. The
   * gateway's own origins are answered by the CORS hook before any route; any other origin gets no CORS header.
   */
  allowCaller(request: FastifyRequest, reply: FastifyReply, principal: AuthenticatedPrincipal | null): void {
    const origin = request.headers.origin;
    if (!principal || typeof origin !== 'string' || gatewayAllows(origin, this.gateway)) return;
    if (!answerAllows(origin, this.gateway, this.originsOf(principal))) return;
    void reply.header('Access-Control-Allow-Origin', origin);
    void reply.header('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
  }
}
