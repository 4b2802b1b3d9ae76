import { Logger } from '@nestjs/common';
import { jetstream, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DEAD_LETTER_STREAM, durableName, streamOf } from '@saleswire/contracts';
import type { Metrics } from '@saleswire/observability';
import { Semaphore } from '../concurrency';
import { ensureStream } from '../jetstream/streams';
import { Namespace, type MessagingConfig } from '../messaging.config';
import type { Outbox } from '../outbox/outbox';
import { BatchQueue } from './batch-queue';
import type { ConsumerIdentity } from './consumer-identity';
import { DeadLetterPublisher } from './dead-letter.publisher';
import type { EventHandlers, EventRoute } from './event-handler.registry';
import { EventApplier } from './event.applier';
import type { EventTarget } from './event-transaction';
import { InboxStore } from './inbox.store';
import { StreamPuller, type ConsumerBacklog } from './stream.puller';

/** What every consumer of a service shares: NATS, the settings, the metrics, and the outbox of its data source. */
export interface EventConsumerDeps {
  nc: NatsConnection;
  config: MessagingConfig;
  metrics: Metrics;
  /** The outbox of `identity.dataSource`: the transaction of each event, and where events its handlers emit go. */
  outbox: Outbox;
}

/**
 * Batches of one subject a replica applies at once. One for a live consumer: what arrives while a batch is in its
 * transaction waits and goes in the next, whole. Two (the first choice, so that one batch was validated while the
 * other was in PostgreSQL) split the arriving events into smaller transactions, and the second waited at its first
 * deal or aggregate row in common with the first anyway: reporting's projection of a backlog cost 3–16 % more of its
 * CPU an event and PostgreSQL 12–22 % more, for no more events a second. Two for a replay's first pass
 * (`sumsDeferred`), whose statements take no lock and share no row they would wait for: there two batches overlap in
 * PostgreSQL, and the rebuild took 45–47 s against 52 with one (ADR 0029, amendment "one batch in flight").
 */
function batchesInFlight(target: EventTarget): number {
  return target.sumsDeferred ? 2 : 1;
}

/**
 * Replicas of one consumer that can each hold their EVENTS_IN_HAND at once (ADR 0029): deploy/'s most for reporting.
 * Its durable lets this many times as many events be delivered and unacknowledged, and each replica bounds its own
 * (its batch queue, or its `EVENT_CONCURRENCY` slots). Were the durable's limit EVENTS_IN_HAND itself, a second
 * replica would halve every replica's batches, and each event would cost more.
 */
const REPLICAS_WITH_WHOLE_BATCHES = 10;

/**
 * Consumes the streams of the events its handlers take, as one identity: one durable pull consumer per stream
 * (`<name>__<STREAM>`), each message handed to the applier alone or, for a batched subject's first deliveries,
 * in batches of its batch group (its subject, or the subjects one handler takes together), with at most EVENT_CONCURRENCY applications at once. `stop()` hands back what it has not
 * started and waits for the rest.
 */
export class EventConsumer {
  private readonly logger: Logger;
  private readonly js: JetStreamClient;
  private readonly ns: Namespace;
  private readonly applier: EventApplier;
  private readonly semaphore: Semaphore;
  /** The batch queue of each batched subject: one per batch group, shared by the group's subjects. */
  private readonly batches = new Map<string, BatchQueue<{ message: JsMsg; route: EventRoute }>>();
  /** Events one replica holds at once (queued or being applied), and the most one batch takes. */
  private readonly eventsInHand: number;
  private pullers: StreamPuller[] = [];
  private started = false;

  constructor(
    private readonly deps: EventConsumerDeps,
    readonly identity: ConsumerIdentity,
    private readonly handlers: EventHandlers,
  ) {
    const { nc, config, metrics, outbox } = deps;
    // The service's own consumer logs as it always has; another identity (a rebuild) says which it is.
    this.logger = new Logger(identity.name === config.service ? EventConsumer.name : `${EventConsumer.name}:${identity.name}`);
    this.js = jetstream(nc, { timeout: 5000 });
    this.ns = new Namespace(config.namespace);
    this.semaphore = new Semaphore(config.consumerConcurrency);
    this.eventsInHand = Math.max(config.eventsInHand, config.consumerConcurrency * 8);
    this.applier = new EventApplier(
      new InboxStore(outbox, identity.dataSource, identity.inboxKey, identity.target),
      new DeadLetterPublisher(this.js, this.ns, identity.name, metrics, this.logger),
      metrics,
      config.maxDeliver,
      this.logger,
      identity.name,
    );
    for (const group of handlers.batchGroups()) {
      const queue = new BatchQueue<{ message: JsMsg; route: EventRoute }>(this.eventsInHand, batchesInFlight(identity.target), async (items) => {
        await this.semaphore.acquire(); // a batch takes one of the EVENT_CONCURRENCY slots
        try {
          await this.applier.batch(items, group);
        } finally {
          this.semaphore.release();
        }
      });
      for (const route of group.routes) this.batches.set(route.contract.subject, queue);
    }
  }

  /** Starts pulling every stream its handlers need; resolves once the dead-letter stream exists. */
  async start(): Promise<void> {
    if (this.started || this.handlers.routes().length === 0) return;
    this.started = true;
    this.applier.start();
    const { config } = this.deps;
    try {
      await ensureStream(
        await this.js.jetstreamManager(),
        { name: this.ns.stream(DEAD_LETTER_STREAM.name), subjects: DEAD_LETTER_STREAM.subjects.map((s) => this.ns.subject(s)) },
        config.streamReplicas,
      );
    } catch (error) {
      this.started = false;
      throw error;
    }
    this.pullers = this.handlers.producers().map((producer) => {
      const subjects = this.handlers.subjectsOf(producer);
      return new StreamPuller(
        this.js,
        {
          stream: this.ns.stream(streamOf(producer).name),
          durable: durableName(this.identity.name, producer),
          // The one subject handled in a stream, so the events this consumer would only ignore never leave the
          // server (half of what reporting pulled during an import was lead.assigned); the whole stream when it
          // handles several, since nats-server 2.9 takes one filter per consumer.
          filterSubject: this.ns.subject(subjects.length === 1 ? subjects[0] : `evt.${producer}.>`),
          deliverFrom: this.identity.deliverFrom,
          maxDeliver: config.maxDeliver,
          maxAckPending: this.eventsInHand * REPLICAS_WITH_WHOLE_BATCHES,
          batchSize: Math.max(64, config.consumerConcurrency * 4),
        },
        (message) => this.dispatch(message),
        this.logger,
      );
    });
    for (const puller of this.pullers) puller.start();
  }

  /** Stops pulling, hands unstarted messages back, and resolves once the events in hand are applied and acked. */
  async stop(): Promise<void> {
    this.started = false;
    this.applier.stop(); // events held through an outage go back to the stream rather than delay the shutdown
    await Promise.all(this.pullers.map((puller) => puller.stop()));
    // Batch messages already pulled are in hand: they are applied (and acked) before the connections close.
    await Promise.all([...this.batches.values()].map((queue) => queue.idle()));
    await this.semaphore.idle();
  }

  /**
   * Messages of its streams not yet delivered to it or not yet acknowledged: zero once it has caught up,
   * infinite until it has started and attached to every stream once.
   */
  async pending(): Promise<number> {
    if (this.pullers.length === 0) return this.handlers.routes().length === 0 ? 0 : Number.POSITIVE_INFINITY;
    const counts = await Promise.all(this.pullers.map((puller) => puller.pending()));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /** The backlog of each of its durables that exists (`saleswire_consumer_*` metrics). */
  async backlogs(): Promise<ConsumerBacklog[]> {
    if (!this.started) return [];
    const backlogs = await Promise.all(this.pullers.map((puller) => puller.backlog()));
    return backlogs.filter((backlog): backlog is ConsumerBacklog => backlog !== undefined);
  }

  /**
   * Where a pulled message goes: acked at once when no handler wants it, into its subject's batch queue on a
   * first delivery of a batched subject (resolving once the queue has room, so that the puller fetches no more
   * until then), otherwise applied alone (once one of the `EVENT_CONCURRENCY` slots is free). A redelivery has
   * failed once (or was in hand at a crash) and is applied alone, so a poison event never fails a whole batch twice.
   */
  private async dispatch(message: JsMsg): Promise<void> {
    const subject = this.ns.strip(message.subject);
    const route = subject === null ? undefined : this.handlers.route(subject);
    if (subject === null || !route) {
      message.ack();
      this.deps.metrics.eventsConsumed.inc({ subject: subject ?? message.subject, outcome: 'ignored' });
      return;
    }
    const queue = message.info.deliveryCount === 1 ? this.batches.get(subject) : undefined;
    if (queue) return queue.push({ message, route }, route.contract.carries);
    await this.semaphore.acquire();
    void this.applier.one(message, route).finally(() => this.semaphore.release());
  }
}
