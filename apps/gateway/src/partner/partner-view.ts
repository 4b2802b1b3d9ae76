import type { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { PARTNER_CREATED_V1, PARTNER_UPDATED_V1 } from '@saleswire/contracts';
import { Namespace, WorkerLoop, type MessagingConfig } from '@saleswire/messaging';

export const PARTNER_STATUS_REFRESH_MS = Symbol('PARTNER_STATUS_REFRESH_MS');

/** A partner as a snapshot lists it. */
export interface ListedPartner<T> {
  id: string;
  version: number;
  value: T;
}

interface Known<T> {
  value: T;
  /** The partner's aggregate version this value is from: an older event never overrides a newer one. */
  version: number;
  /** When it was learnt, as a count of what was learnt: a snapshot asked for before that may predate it. */
  learntAt: number;
}

/** The fields of a partner event the gateway reads; the rest of the envelope is the partners service's business. */
interface PartnerEventShape {
  aggregateId?: unknown;
  aggregateVersion?: unknown;
  payload?: Record<string, unknown>;
}

/**
 * One fact of each partner (whether it is suspended, which origins it allows), known in memory so that a request
 * costs no NATS call. It listens on core NATS to `partner.created` and `partner.updated` (the relay publishes them
 * to JetStream, and a plain subscriber on the subject receives them as well), so a change reaches every gateway
 * replica within milliseconds of its commit. A message missed while a replica was disconnected is made good by a
 * snapshot read at start and every `PARTNER_STATUS_REFRESH_MS` (10 s). Versions order what is heard, so an old
 * event arriving late changes nothing; a partner the snapshot no longer lists is back to `unlisted` unless an event
 * newer than the snapshot's question said otherwise. Until the first snapshot answers, only what was heard is
 * known.
 */
export abstract class PartnerView<T> implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly known = new Map<string, Known<T>>();
  private readonly subscriptions: Subscription[] = [];
  private readonly refresher: WorkerLoop;
  private failures = 0;
  /** Orders what is heard and asked: a clock could give an event and a question the same millisecond. */
  private tick = 0;

  protected constructor(
    private readonly nc: NatsConnection,
    private readonly config: MessagingConfig,
    refreshMs: number,
    /** What the value of a partner the snapshot does not list is. */
    private readonly unlisted: T,
    /** What the logs call these facts, e.g. `partner statuses`. */
    private readonly what: string,
    protected readonly logger: Logger,
  ) {
    this.refresher = new WorkerLoop(
      async () => {
        await this.refresh();
        return false;
      },
      { pollMs: refreshMs, backoff: { baseMs: refreshMs, capMs: refreshMs }, logger, failureMessage: `reading ${what} failed` },
    );
  }

  /** What a partner event's payload says of this fact, or undefined when it says nothing readable. */
  protected abstract fromEvent(payload: Record<string, unknown>): T | undefined;
  /** The partners the snapshot lists, each with its value (the others are `unlisted`). */
  protected abstract snapshot(): Promise<Array<ListedPartner<T>>>;
  /** Whether two values are the same fact. */
  protected abstract same(a: T, b: T): boolean;
  /** Called when a partner's value changes here. */
  protected changed(_partnerId: string): void {}

  onApplicationBootstrap(): void {
    const namespace = new Namespace(this.config.namespace);
    for (const contract of [PARTNER_CREATED_V1, PARTNER_UPDATED_V1]) {
      this.subscriptions.push(this.nc.subscribe(namespace.subject(contract.subject), { callback: (_error, message) => this.heard(message.string()) }));
    }
    this.refresher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.refresher.stop();
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
    if (typeof id !== 'string' || typeof version !== 'number' || typeof payload !== 'object' || payload === null) return;
    const value = this.fromEvent(payload);
    if (value !== undefined) this.learn(id, value, version, ++this.tick);
  }

  /** Reads the snapshot now; answers when it is applied (or failed, which is logged once until it answers again). */
  async refresh(): Promise<void> {
    const askedAt = ++this.tick;
    try {
      const partners = await this.snapshot();
      const listed = new Set<string>();
      for (const partner of partners) {
        listed.add(partner.id.toLowerCase());
        this.learn(partner.id, partner.value, partner.version, askedAt);
      }
      for (const [id, known] of this.known) {
        // Heard before the question and not listed in the answer: it went back to unlisted since.
        if (!listed.has(id) && known.learntAt <= askedAt && !this.same(known.value, this.unlisted)) {
          this.known.set(id, { ...known, value: this.unlisted, learntAt: askedAt });
          this.changed(id);
        }
      }
      if (this.failures > 0) this.logger.log({ msg: `${this.what} read again`, after: this.failures });
      this.failures = 0;
    } catch (error) {
      // The first failure is worth a warning; a partners service that stays away would otherwise flood the log.
      if (this.failures++ === 0) this.logger.warn({ msg: `could not read ${this.what}; keeping what is known`, error: (error as Error).message });
    }
  }

  /** The partner's value as known here. */
  protected valueOf(partnerId: string): T {
    return this.known.get(partnerId.toLowerCase())?.value ?? this.unlisted;
  }

  /** Every partner's value known here. */
  protected values(): T[] {
    return [...this.known.values()].map((known) => known.value);
  }

  private learn(partnerId: string, value: T, version: number, learntAt: number): void {
    const id = partnerId.toLowerCase();
    const held = this.known.get(id);
    if (held && held.version > version) return;
    if (held && held.version === version && this.same(held.value, value)) return;
    this.known.set(id, { value, version, learntAt });
    if (!this.same(held?.value ?? this.unlisted, value)) this.changed(id);
  }
}
