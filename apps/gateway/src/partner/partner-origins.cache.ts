import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { isOrigin, LIST_PARTNER_ORIGINS_V1, PARTNER_CREATED_V1, PARTNER_UPDATED_V1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { MESSAGING_CONFIG, Namespace, NATS_CONNECTION, RpcClient, type MessagingConfig } from '@saleswire/messaging';
import type { AuthenticatedPrincipal } from '../auth/principal';
import type { OriginSource } from '../http/browser-origins';
import { PARTNER_STATUS_REFRESH_MS } from './partner-status.cache';

interface Known {
  origins: readonly string[];
  /** The partner's aggregate version these origins are from: an older event never overrides a newer one. */
  version: number;
  /** When they were learnt, as a count of what was learnt: a snapshot asked for before that may predate them. */
  learntAt: number;
}

/** The fields of a partner event the gateway reads here. */
interface PartnerEventShape {
  aggregateId?: unknown;
  aggregateVersion?: unknown;
  payload?: { allowedOrigins?: unknown };
}

/**
 * Each partner's allowed origins (CORS for its users and keys), in memory, so that neither a preflight nor an
 * answer costs a NATS call. Fed as PartnerStatusCache is: `partner.created|updated` heard on core NATS within
 * milliseconds of their commit, and a snapshot (`rpc.partners.list-partner-origins.v1`, only partners that list
 * any) at start and every `PARTNER_STATUS_REFRESH_MS`, which makes good an event missed while disconnected.
 * Versions order what is heard; a partner the snapshot no longer lists has none, unless an event newer than the
 * snapshot's question said otherwise. An event from before the field existed carries none: read as an empty list.
 */
@Injectable()
export class PartnerOriginsCache implements OriginSource, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PartnerOriginsCache.name);
  private readonly known = new Map<string, Known>();
  private listed: ReadonlySet<string> = new Set();
  private readonly subscriptions: Subscription[] = [];
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;
  private failures = 0;
  private tick = 0;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    private readonly rpc: RpcClient,
    @Inject(PARTNER_STATUS_REFRESH_MS) private readonly refreshMs: number,
  ) {}

  onApplicationBootstrap(): void {
    const namespace = new Namespace(this.config.namespace);
    for (const contract of [PARTNER_CREATED_V1, PARTNER_UPDATED_V1]) {
      this.subscriptions.push(this.nc.subscribe(namespace.subject(contract.subject), { callback: (_error, message) => this.heard(message.string()) }));
    }
    this.refreshSoon();
    this.timer = setInterval(() => this.refreshSoon(), this.refreshMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.refreshing;
  }

  lists(origin: string): boolean {
    return this.listed.has(origin);
  }

  originsOf(principal: AuthenticatedPrincipal): readonly string[] {
    return principal.partnerId ? this.originsOfPartner(principal.partnerId) : [];
  }

  /** The origins a partner lists, as known here. */
  originsOfPartner(partnerId: string): readonly string[] {
    return this.known.get(partnerId.toLowerCase())?.origins ?? [];
  }

  /** A partner event as it travelled; anything unreadable is ignored (the snapshot will tell). */
  heard(data: string): void {
    let event: PartnerEventShape;
    try {
      event = JSON.parse(data) as PartnerEventShape;
    } catch {
      return;
    }
    const { aggregateId: id, aggregateVersion: version, payload } = event;
    if (typeof id !== 'string' || typeof version !== 'number' || payload === undefined) return;
    const origins = payload.allowedOrigins ?? [];
    // Origins the partners service let through are canonical; anything else in an event is not trusted.
    if (!Array.isArray(origins) || !origins.every(isOrigin)) return;
    this.learn(id, origins, version, ++this.tick);
  }

  /** Reads the snapshot now; answers when it is applied (or failed, which is logged). */
  async refresh(): Promise<void> {
    const askedAt = ++this.tick;
    try {
      const snapshot = await this.rpc.send(LIST_PARTNER_ORIGINS_V1, { actor: SYSTEM_ACTOR });
      const listed = new Set<string>();
      for (const partner of snapshot.partners) {
        listed.add(partner.id.toLowerCase());
        this.learn(partner.id, partner.allowedOrigins, partner.version, askedAt);
      }
      for (const [id, known] of this.known) {
        // Heard before the question and not listed in the answer: its origins were taken away since.
        if (known.origins.length > 0 && !listed.has(id) && known.learntAt <= askedAt) this.known.set(id, { ...known, origins: [], learntAt: askedAt });
      }
      this.rebuild();
      if (this.failures > 0) this.logger.log({ msg: 'partner origins read again', after: this.failures });
      this.failures = 0;
    } catch (error) {
      if (this.failures++ === 0) this.logger.warn({ msg: 'could not read the partners’ origins; keeping what is known', error: (error as Error).message });
    }
  }

  private refreshSoon(): void {
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
  }

  private learn(partnerId: string, origins: readonly string[], version: number, learntAt: number): void {
    const id = partnerId.toLowerCase();
    const held = this.known.get(id);
    if (held && held.version > version) return;
    this.known.set(id, { origins: [...origins], version, learntAt });
    this.rebuild();
  }

  /** The union every preflight is answered for; partners are few, so it is rebuilt whole on each change. */
  private rebuild(): void {
    const listed = new Set<string>();
    for (const known of this.known.values()) for (const origin of known.origins) listed.add(origin);
    this.listed = listed;
  }
}
