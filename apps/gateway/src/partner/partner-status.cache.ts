import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { LIST_SUSPENDED_PARTNERS_V1, PARTNER_CREATED_V1, PARTNER_UPDATED_V1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { MESSAGING_CONFIG, Namespace, NATS_CONNECTION, RpcClient, type MessagingConfig } from '@saleswire/messaging';

export const PARTNER_STATUS_REFRESH_MS = Symbol('PARTNER_STATUS_REFRESH_MS');

interface Known {
  suspended: boolean;
  /** The partner's aggregate version this status is from: an older event never overrides a newer one. */
  version: number;
  /** When the status was learnt, as a count of what was learnt: a snapshot asked for before that may predate it. */
  learntAt: number;
}

/** The fields of a partner event the gateway reads; the rest of the envelope is the partners service's business. */
interface PartnerEventShape {
  aggregateId?: unknown;
  aggregateVersion?: unknown;
  payload?: { status?: unknown };
}

/**
 * Which partners are suspended, known in memory so that a partner user's request costs no NATS call.
 *
 * It listens on core NATS to `partner.created` and `partner.updated` (the relay publishes them to JetStream, and a
 * plain subscriber on the subject receives them as well), so a suspension reaches every gateway replica within
 * milliseconds of its commit. A message missed while a replica was disconnected is made good by a snapshot
 * (`rpc.partners.list-suspended-partners.v1`) read at start and every `PARTNER_STATUS_REFRESH_MS` (10 s): the
 * longest a missed suspension goes unnoticed. Versions order what is heard, so an old event arriving late changes
 * nothing; a partner the snapshot no longer lists is active again unless an event newer than the snapshot's
 * question said otherwise. Until the first snapshot answers, only what was heard is known (no partner is refused
 * for lack of an answer: suspension is a commercial state, and isolation does not depend on it).
 */
@Injectable()
export class PartnerStatusCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PartnerStatusCache.name);
  private readonly known = new Map<string, Known>();
  private readonly subscriptions: Subscription[] = [];
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;
  private failures = 0;
  private readonly listeners: Array<(partnerId: string) => void> = [];
  /** Orders what is heard and asked: a clock could give an event and a question the same millisecond. */
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

  /** Calls `listener` with a partner's id whenever its suspension starts or ends here. */
  onChange(listener: (partnerId: string) => void): void {
    this.listeners.push(listener);
  }

  /** Whether the partner is known to be suspended. */
  isSuspended(partnerId: string): boolean {
    return this.known.get(partnerId.toLowerCase())?.suspended ?? false;
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
    if (typeof id !== 'string' || typeof version !== 'number' || (payload?.status !== 'active' && payload?.status !== 'suspended')) return;
    this.learn(id, payload.status === 'suspended', version, ++this.tick);
  }

  /** Reads the snapshot of suspended partners now; answers when it is applied (or failed, which is logged). */
  async refresh(): Promise<void> {
    const askedAt = ++this.tick;
    try {
      const snapshot = await this.rpc.send(LIST_SUSPENDED_PARTNERS_V1, { actor: SYSTEM_ACTOR });
      const listed = new Set<string>();
      for (const partner of snapshot.partners) {
        listed.add(partner.id.toLowerCase());
        this.learn(partner.id, true, partner.version, askedAt);
      }
      for (const [id, known] of this.known) {
        // Heard before the question and not listed in the answer: it was reactivated since.
        if (known.suspended && !listed.has(id) && known.learntAt <= askedAt) {
          this.known.set(id, { ...known, suspended: false, learntAt: askedAt });
          this.changed(id);
        }
      }
      if (this.failures > 0) this.logger.log({ msg: 'partner statuses read again', after: this.failures });
      this.failures = 0;
    } catch (error) {
      // The first failure is worth a warning; a partners service that stays away would otherwise flood the log.
      if (this.failures++ === 0) this.logger.warn({ msg: 'could not read suspended partners; keeping what is known', error: (error as Error).message });
    }
  }

  private refreshSoon(): void {
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
  }

  private learn(partnerId: string, suspended: boolean, version: number, learntAt: number): void {
    const id = partnerId.toLowerCase();
    const held = this.known.get(id);
    if (held && held.version > version) return;
    if (held && held.version === version && held.suspended === suspended) return;
    this.known.set(id, { suspended, version, learntAt });
    if ((held?.suspended ?? false) !== suspended) this.changed(id);
  }

  private changed(partnerId: string): void {
    for (const listener of this.listeners) listener(partnerId);
  }
}
