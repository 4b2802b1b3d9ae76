import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { MESSAGING_CONFIG, Namespace, NATS_CONNECTION, ProblemError, type MessagingConfig } from '@saleswire/messaging';
import { Metrics } from '@saleswire/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import type { AuthenticatedPrincipal } from '../auth/principal';
import { LocalBuckets, type RateLimitDecision, type RateLimitRule } from './rate-limit';
import { KvBuckets, kvKey } from './rate-limit-kv';
import { LeasedBuckets, type BucketRequest } from './rate-limit-leases';

export interface RateLimitConfig {
  perUser: RateLimitRule;
  perPartner: RateLimitRule;
  anonymous: RateLimitRule;
  /** An API key's own `rateLimit` (a second) bursts to this many seconds of it. */
  keyBurstSeconds: number;
  /** Counted in NATS KV across replicas (RATE_LIMIT_SHARED=on), or per replica. */
  shared: boolean;
}

export const RATE_LIMIT_CONFIG = Symbol('RATE_LIMIT_CONFIG');

// A lease is a tenth of a second of the rule's rate: at 50 requests a second, one round trip per 5 requests;
// unused, it is dropped after a second. A shared store that takes over a second is treated as down for 5 s (a
// lost connection is noticed at once, from the connection's status, not by a timeout).
const LEASE_SECONDS = 0.1;
const LEASE_TTL_MS = 1000;
const STORE_TIMEOUT_MS = 1000;
const RETRY_SHARED_AFTER_MS = 5000;

class TooManyRequestsError extends ProblemError {
  constructor(retryAfterSeconds: number) {
    super(429, 'Too Many Requests', `The rate limit is used up; retry in ${retryAfterSeconds} s.`);
  }
}

/** The longest any configured bucket takes to fill, in ms: how long the shared store must keep an idle one. */
function longestFillMs(config: RateLimitConfig): number {
  const rules = [config.perUser, config.perPartner, config.anonymous];
  return Math.max(config.keyBurstSeconds * 1000, ...rules.map((rule) => (rule.burst / rule.perSecond) * 1000));
}

/**
 * Limits API requests per user (a login or an external identity), per API key, and per partner (shared by its
 * users and keys); callers without valid credentials per address. Counted across every gateway replica in NATS
 * KV through leases (LeasedBuckets); per replica when the store is unreachable or sharing is off. Every API
 * answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (the tightest bucket that
 * applies); a refused one is `429` with `Retry-After`. The auth guard calls it once it knows who is calling,
 * before it answers 401 or 403.
 */
@Injectable()
export class RateLimits implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimits.name);
  private readonly buckets: LeasedBuckets;
  private readonly kv: KvBuckets | null;
  private readonly decisions: Counter<'outcome'>;
  private closed = false;

  constructor(
    @Inject(RATE_LIMIT_CONFIG) private readonly config: RateLimitConfig,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) messaging: MessagingConfig,
    metrics: Metrics,
  ) {
    const roundTrips = new Counter({
      name: 'saleswire_rate_limit_store_round_trips_total',
      help: 'Round trips to the shared rate-limit store (NATS KV), by outcome (ok, conflict, error)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.decisions = new Counter({
      name: 'saleswire_rate_limit_decisions_total',
      help: 'API requests counted against rate limits, by outcome (allowed, refused)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    const sharedGauge = new Gauge({
      name: 'saleswire_rate_limit_shared',
      help: '1 while rate limits are counted across replicas in NATS KV, 0 while this replica counts alone',
      registers: [metrics.registry],
    });
    this.kv = config.shared
      ? new KvBuckets(nc, {
          bucket: new Namespace(messaging.namespace).stream('rate-limits'),
          replicas: messaging.streamReplicas,
          // Twice the longest fill, at least 10 minutes: a bucket forgotten by the store is a full one.
          maxAgeMs: Math.max(600_000, 2 * longestFillMs(config)),
          timeoutMs: STORE_TIMEOUT_MS,
          onRoundTrip: (outcome) => roundTrips.inc({ outcome }),
        })
      : null;
    sharedGauge.set(this.kv ? 1 : 0);
    this.buckets = new LeasedBuckets(this.kv, new LocalBuckets(), {
      leaseSeconds: LEASE_SECONDS,
      leaseTtlMs: LEASE_TTL_MS,
      retrySharedAfterMs: RETRY_SHARED_AFTER_MS,
      onSharedChange: (error) => {
        sharedGauge.set(error ? 0 : 1);
        if (error) {
          this.logger.warn({ msg: 'rate limits are counted per replica until NATS KV answers again', error: error.message });
        } else {
          this.logger.log({ msg: 'rate limits are counted across replicas in NATS KV again' });
        }
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.kv) return;
    // Failing here only means counting locally until the store answers; the gateway starts either way.
    await this.kv.ensure().catch((error: unknown) => this.buckets.markSharedDown(error as Error));
    void this.followConnection();
  }

  onApplicationShutdown(): void {
    this.closed = true;
  }

  /** Counts the request; throws a 429 problem when a budget is used up. Sets the RateLimit headers either way. */
  async check(request: FastifyRequest, reply: FastifyReply, principal: AuthenticatedPrincipal | null): Promise<void> {
    const decisions = await this.buckets.take(this.bucketsOf(request, principal));
    const refused = decisions.filter((decision) => !decision.allowed);
    this.decisions.inc({ outcome: refused.length ? 'refused' : 'allowed' });
    const tightest = refused[0] ?? decisions.reduce((a, b) => (b.remaining < a.remaining ? b : a));
    setHeaders(reply, tightest);
    if (refused.length === 0) return;
    const retryAfter = Math.max(...refused.map((decision) => decision.retryAfterSeconds));
    void reply.header('Retry-After', String(retryAfter));
    throw new TooManyRequestsError(retryAfter);
  }

  /** The buckets a request takes a token from. */
  bucketsOf(request: FastifyRequest, principal: AuthenticatedPrincipal | null): BucketRequest[] {
    if (!principal) return [{ key: kvKey('ip', request.ip), rule: this.config.anonymous }];
    const own: BucketRequest =
      principal.via === 'api_key'
        ? { key: kvKey('key', principal.id), rule: principal.rateLimit ? this.keyRule(principal.rateLimit) : this.config.perUser }
        : { key: kvKey('user', principal.id), rule: this.config.perUser };
    return principal.partnerId ? [own, { key: kvKey('partner', principal.partnerId), rule: this.config.perPartner }] : [own];
  }

  private keyRule(perSecond: number): RateLimitRule {
    return { perSecond, burst: Math.max(1, Math.ceil(perSecond * this.config.keyBurstSeconds)) };
  }

  /** Counts locally at once when the NATS connection drops, rather than waiting out a timeout per lease. */
  private async followConnection(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (this.closed) return;
      if (status.type === 'disconnect') this.buckets.markSharedDown(new Error('the NATS connection was lost'));
      if (status.type === 'reconnect') this.buckets.retryShared();
    }
  }
}

function setHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  void reply
    .header('RateLimit-Limit', String(decision.limit))
    .header('RateLimit-Remaining', String(decision.remaining))
    .header('RateLimit-Reset', String(decision.resetSeconds));
}
