import { Inject, Injectable } from '@nestjs/common';
import { ProblemError } from '@saleswire/messaging';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import { RateLimiter, type RateLimitDecision, type RateLimitRule } from './rate-limit';

export interface RateLimitConfig {
  perUser: RateLimitRule;
  perPartner: RateLimitRule;
  anonymous: RateLimitRule;
}

export const RATE_LIMIT_CONFIG = Symbol('RATE_LIMIT_CONFIG');

class TooManyRequestsError extends ProblemError {
  constructor(retryAfterSeconds: number) {
    super(429, 'Too Many Requests', `The rate limit is used up; retry in ${retryAfterSeconds} s.`);
  }
}

/**
 * Limits API requests per user and, for partner users, per partner too (a partner's users share its budget);
 * callers without valid credentials per address. Every API answer carries `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` (the tightest budget that applies); a refused one is `429` with
 * `Retry-After`. The auth guard calls it once it knows who is calling, before it answers 401 or 403.
 */
@Injectable()
export class RateLimits {
  private readonly limiter = new RateLimiter();

  constructor(@Inject(RATE_LIMIT_CONFIG) private readonly config: RateLimitConfig) {}

  /** Counts the request; throws a 429 problem when a budget is used up. */
  check(request: FastifyRequest, reply: FastifyReply, principal: Principal | null): void {
    const decisions = principal
      ? [
          this.limiter.take(`user:${principal.id}`, this.config.perUser),
          ...(principal.partnerId ? [this.limiter.take(`partner:${principal.partnerId}`, this.config.perPartner)] : []),
        ]
      : [this.limiter.take(`ip:${request.ip}`, this.config.anonymous)];
    const tightest = decisions.reduce((a, b) => (b.remaining < a.remaining || !b.allowed ? b : a));
    setHeaders(reply, tightest);
    if (decisions.every((decision) => decision.allowed)) return;
    const refused = decisions.filter((decision) => !decision.allowed);
    const retryAfter = Math.max(...refused.map((decision) => decision.resetSeconds));
    void reply.header('Retry-After', String(retryAfter));
    throw new TooManyRequestsError(retryAfter);
  }
}

function setHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  void reply
    .header('RateLimit-Limit', String(decision.limit))
    .header('RateLimit-Remaining', String(decision.remaining))
    .header('RateLimit-Reset', String(decision.resetSeconds));
}
