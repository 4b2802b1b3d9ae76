import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { jetstream, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import {
  DEAD_LETTER_STREAM,
  durableName,
  EventEnvelopeSchema,
  streamOf,
  validateContract,
  type EventContract,
  type EventEnvelope,
  type ProducerContext,
} from '@saleswire/contracts';
import { tableOf } from '@saleswire/database';
import { Metrics, runWithCorrelation } from '@saleswire/observability';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { backoffMs, Semaphore, sleep } from '../concurrency';
import { DEAD_LETTER_REASON_HEADER, DELIVERIES_HEADER, ORIGINAL_SUBJECT_HEADER } from '../jetstream/message-headers';
import { ensureDurableConsumer, ensureStream, isNotFound } from '../jetstream/streams';
import { Namespace, type MessagingConfig } from '../messaging.config';
import { MESSAGING_CONFIG, NATS_CONNECTION } from '../messaging.tokens';
import { Outbox, type OutboxTransaction } from '../outbox/outbox';
import { BatchQueue } from './batch-queue';
import { EVENT_BATCH_HANDLER, EVENT_HANDLER } from './event-handler.decorator';

/** The signature of an event handler. */
export type EventHandlerFn<P extends object = object> = (
  event: EventEnvelope<P>,
  tx: OutboxTransaction,
) => Promise<void>;

/** The signature of a batch event handler: fresh events in stream order, never empty. */
export type EventBatchHandlerFn<P extends object = object> = (
  events: EventEnvelope<P>[],
  tx: OutboxTransaction,
) => Promise<void>;

interface Route {
  contract: EventContract;
  /** The one-event path; for a batch route, the batch handler with a one-element array. */
  handler: EventHandlerFn;
  /** Set for a batch route: first deliveries wait here to be applied together. */
  batches?: BatchQueue<JsMsg>;
}

type Checked = { event: EventEnvelope<object> } | { reason: string };

/** How long one pull waits for messages; also the longest a shutdown waits for the last pull. */
const FETCH_EXPIRES_MS = 2000;

/**
 * Batches of one route applied at once. Two let one batch be validated while the other is in PostgreSQL;
 * more would only split the arriving events into smaller transactions.
 */
const BATCHES_IN_FLIGHT = 2;

/**
 * Messages of a batch validated between two turns of the event loop: validation is the consumer's main CPU
 * cost, and a whole batch of it at once would hold up requests and the other batch's I/O.
 */
const VALIDATION_SLICE = 16;

/**
 * Consumes the streams of the events this service handles, one durable pull consumer per stream
 * (`<service>__<STREAM>`). A message is acknowledged after its effect commits; the inbox makes a repeated
 * delivery a no-op; a failing handler is retried with backoff up to `maxDeliver` times; an invalid message,
 * or one that keeps failing, goes to the dead-letter stream.
 */
@Injectable()
export class EventConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventConsumer.name);
  private readonly routes = new Map<string, Route>();
  private readonly js: JetStreamClient;
  private readonly ns: Namespace;
  private readonly inboxTable: string;
  private readonly semaphore: Semaphore;
  private readonly batchSize: number;
  private readonly maxAckPending: number;
  private readonly loops: Promise<void>[] = [];
  private running = false;

  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    private readonly outbox: Outbox,
    @InjectDataSource() dataSource: DataSource,
    private readonly metrics: Metrics,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {
    this.js = jetstream(nc, { timeout: 5000 });
    this.ns = new Namespace(config.namespace);
    this.semaphore = new Semaphore(config.consumerConcurrency);
    this.batchSize = Math.max(64, config.consumerConcurrency * 4);
    this.maxAckPending = Math.max(256, config.consumerConcurrency * 8);
    this.inboxTable = tableOf(dataSource, 'inbox_event');
  }

  /** Subscribes a handler to an event contract (the `@OnEvent` decorator calls this for you). */
  register<P extends object>(contract: EventContract<P>, handler: EventHandlerFn<P>): void {
    if (this.routes.has(contract.subject)) throw new Error(`two handlers for ${contract.subject}`);
    this.routes.set(contract.subject, { contract, handler: handler as EventHandlerFn });
  }

  /** Subscribes a batch handler to an event contract (the `@OnEventBatch` decorator calls this for you). */
  registerBatch<P extends object>(contract: EventContract<P>, handler: EventBatchHandlerFn<P>): void {
    if (this.routes.has(contract.subject)) throw new Error(`two handlers for ${contract.subject}`);
    const batchHandler = handler as EventBatchHandlerFn;
    const route: Route = { contract, handler: (event, tx) => batchHandler([event], tx) };
    route.batches = new BatchQueue(this.maxAckPending, BATCHES_IN_FLIGHT, async (messages) => {
      await this.semaphore.acquire(); // a batch takes one of the EVENT_CONCURRENCY slots
      try {
        await this.handleBatch(messages, contract.subject, route, batchHandler);
      } finally {
        this.semaphore.release();
      }
    });
    this.routes.set(contract.subject, route);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.discoverHandlers();
    if (this.routes.size === 0) return;
    const jsm = await this.js.jetstreamManager();
    await ensureStream(
      jsm,
      { name: this.ns.stream(DEAD_LETTER_STREAM.name), subjects: DEAD_LETTER_STREAM.subjects.map((s) => this.ns.subject(s)) },
      this.config.streamReplicas,
    );
    this.running = true;
    const producers = new Set([...this.routes.values()].map((route) => route.contract.producer));
    for (const producer of producers) this.loops.push(this.consumeStream(producer));
  }

  /** Stops pulling, then waits for the events in hand to finish (graceful shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    // Batch messages already pulled are in hand: they are applied (and acked) before the connections close.
    await Promise.all([...this.routes.values()].map((route) => route.batches?.idle()));
    await this.semaphore.idle();
  }

  private discoverHandlers(): void {
    const wrappers = [...this.discovery.getControllers(), ...this.discovery.getProviders()];
    for (const wrapper of wrappers) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const contract = Reflect.getMetadata(EVENT_HANDLER, fn) as EventContract | undefined;
        if (contract) this.register(contract, (fn as EventHandlerFn).bind(instance));
        const batchContract = Reflect.getMetadata(EVENT_BATCH_HANDLER, fn) as EventContract | undefined;
        if (batchContract) this.registerBatch(batchContract, (fn as EventBatchHandlerFn).bind(instance));
      }
    }
  }

  /**
   * What the consumer of a producer's stream asks the server for: the one subject this service handles there,
   * so the events it would only ignore never leave the server (half of what reporting pulled during an import
   * was lead.assigned); the whole stream when it handles several (nats-server 2.9 takes one filter).
   */
  private filterFor(producer: ProducerContext): string {
    const subjects = [...this.routes.values()].filter((route) => route.contract.producer === producer).map((route) => route.contract.subject);
    return this.ns.subject(subjects.length === 1 ? subjects[0] : `evt.${producer}.>`);
  }

  /** Pulls from one producer's stream for as long as the service runs, re-attaching after failures. */
  private async consumeStream(producer: ProducerContext): Promise<void> {
    const stream = this.ns.stream(streamOf(producer).name);
    const durable = durableName(this.config.service, producer);
    let failures = 0;
    while (this.running) {
      try {
        const jsm = await this.js.jetstreamManager();
        await ensureDurableConsumer(jsm, stream, durable, {
          maxDeliver: this.config.maxDeliver,
          ackWaitMs: 30_000,
          maxAckPending: this.maxAckPending,
          filterSubject: this.filterFor(producer),
        });
        const consumer = await this.js.consumers.get(stream, durable);
        failures = 0;
        while (this.running) {
          // Bounded fetches rather than an endless pull: at shutdown the last one expires within
          // FETCH_EXPIRES_MS, so no message is left delivered to a dead inbox until ack_wait runs out.
          const batch = await consumer.fetch({ max_messages: this.batchSize, expires: FETCH_EXPIRES_MS });
          for await (const message of batch) {
            if (!this.running) {
              message.nak(); // pulled but not started before shutdown: back to the stream at once
              continue;
            }
            const batches = this.batchesFor(message);
            if (batches) {
              batches.push(message);
              continue;
            }
            await this.semaphore.acquire();
            void this.handle(message).finally(() => this.semaphore.release());
          }
        }
      } catch (error) {
        if (!this.running) break;
        failures++;
        const delay = backoffMs(failures, 250, 5000);
        // The producer owns the stream; until it has started once, there is nothing to consume.
        const level = isNotFound(error) ? 'log' : 'warn';
        this.logger[level]({ msg: `waiting for stream ${stream}`, error: (error as Error).message, retryInMs: delay });
        await sleep(delay);
      }
    }
  }

  /**
   * The batch queue a message waits in, if it is the first delivery of a batch route's event. A redelivery has
   * failed once (or was in hand at a crash) and is applied alone, so a poison event never fails a whole batch
   * twice.
   */
  private batchesFor(message: JsMsg): BatchQueue<JsMsg> | undefined {
    if (message.info.deliveryCount > 1) return undefined;
    const subject = this.ns.strip(message.subject);
    return subject ? this.routes.get(subject)?.batches : undefined;
  }

  /** Validates, applies once, and acknowledges one message; never throws. */
  async handle(message: JsMsg): Promise<void> {
    const subject = this.ns.strip(message.subject);
    const route = subject ? this.routes.get(subject) : undefined;
    if (!subject || !route) {
      message.ack(); // an event this service does not need
      this.metrics.eventsConsumed.inc({ subject: subject ?? message.subject, outcome: 'ignored' });
      return;
    }
    const checked = this.check(message, route);
    if ('reason' in checked) return this.deadLetter(message, subject, checked.reason);
    return this.apply(message, subject, route, checked.event);
  }

  /**
   * Validates messages of one batch route (the invalid ones go to the dead letters), then records the inbox
   * rows of all of them with one statement and applies the fresh ones with one handler call in one transaction,
   * and acknowledges them all after the commit. When that transaction fails, each event is applied alone, so
   * one bad event is retried and dead-lettered by itself while the others still apply. Never throws.
   */
  private async handleBatch(
    messages: JsMsg[],
    subject: string,
    route: Route,
    handler: EventBatchHandlerFn,
  ): Promise<void> {
    const valid: Array<{ message: JsMsg; event: EventEnvelope<object> }> = [];
    for (const [i, message] of messages.entries()) {
      if (i > 0 && i % VALIDATION_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      const checked = this.check(message, route);
      if ('reason' in checked) await this.deadLetter(message, subject, checked.reason);
      else valid.push({ message, event: checked.event });
    }
    if (valid.length === 0) return;
    if (valid.length === 1) return this.apply(valid[0].message, subject, route, valid[0].event);
    const first = valid[0].event;
    try {
      const applied = await runWithCorrelation({ correlationId: first.correlationId, causationId: first.eventId }, () =>
        this.outbox.transaction(async (tx) => {
          const ids = [...new Set(valid.map(({ event }) => event.eventId.toLowerCase()))];
          const rows: Array<{ event_id: string }> = await tx.manager.query(
            `INSERT INTO ${this.inboxTable} (event_id, consumer, subject)
             SELECT event_id, $2::text, $3::text FROM unnest($1::uuid[]) AS event_id
             ON CONFLICT DO NOTHING RETURNING event_id`,
            [ids, this.config.service, subject],
          );
          const fresh = new Set(rows.map((row) => row.event_id));
          // `delete` keeps only the first copy of an event delivered twice within the batch.
          const events = valid.map(({ event }) => event).filter((event) => fresh.delete(event.eventId.toLowerCase()));
          if (events.length > 0) await handler(events, tx);
          return events.length;
        }),
      );
      for (const { message } of valid) message.ack();
      if (applied > 0) this.metrics.eventsConsumed.inc({ subject, outcome: 'applied' }, applied);
      if (applied < valid.length) this.metrics.eventsConsumed.inc({ subject, outcome: 'duplicate' }, valid.length - applied);
    } catch (error) {
      this.logger.warn({ msg: 'event batch failed; applying its events one by one', subject, events: valid.length, error: (error as Error).message });
      for (const { message, event } of valid) await this.apply(message, subject, route, event);
    }
  }

  /** The message as a validated event, or why it belongs in the dead letters. */
  private check(message: JsMsg, route: Route): Checked {
    let raw: unknown;
    try {
      raw = message.json();
    } catch {
      return { reason: 'message is not JSON' };
    }
    const envelope = validateContract(EventEnvelopeSchema, raw, { allowUnknown: true });
    if (!envelope.ok) return { reason: `invalid envelope: ${describe(envelope.errors)}` };
    const payload = validateContract(route.contract.payload, envelope.value.payload, { allowUnknown: true });
    if (!payload.ok) return { reason: `invalid payload: ${describe(payload.errors)}` };
    if (message.info.deliveryCount > this.config.maxDeliver) {
      return { reason: 'delivered too many times without an acknowledgement' };
    }
    return { event: { ...(raw as EventEnvelope<object>), payload: payload.value } };
  }

  /** Applies one validated event once, in its own transaction, and acks it; nak or dead-letters on failure. */
  private async apply(message: JsMsg, subject: string, route: Route, event: EventEnvelope<object>): Promise<void> {
    try {
      const applied = await runWithCorrelation({ correlationId: event.correlationId, causationId: event.eventId }, () =>
        this.outbox.transaction(async (tx) => {
          const fresh = await tx.manager.query(
            `INSERT INTO ${this.inboxTable} (event_id, consumer, subject) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING event_id`,
            [event.eventId, this.config.service, subject],
          );
          if (fresh.length === 0) return false;
          await route.handler(event, tx);
          return true;
        }),
      );
      message.ack();
      this.metrics.eventsConsumed.inc({ subject, outcome: applied ? 'applied' : 'duplicate' });
    } catch (error) {
      const attempt = message.info.deliveryCount;
      if (attempt >= this.config.maxDeliver) {
        return this.deadLetter(message, subject, `handler failed ${attempt} times: ${(error as Error).message}`);
      }
      const delay = backoffMs(attempt, 200, 30_000);
      this.logger.warn({ msg: 'event handler failed; will retry', subject, eventId: event.eventId, attempt, retryInMs: delay, error: (error as Error).message });
      message.nak(delay);
      this.metrics.eventsConsumed.inc({ subject, outcome: 'retried' });
    }
  }

  /** Copies the message to `dlq.<service>.<subject>` with the reason, then stops its redelivery. */
  private async deadLetter(message: JsMsg, subject: string, reason: string): Promise<void> {
    const headers = natsHeaders();
    headers.set(DEAD_LETTER_REASON_HEADER, reason.slice(0, 1024));
    headers.set(ORIGINAL_SUBJECT_HEADER, subject);
    headers.set(DELIVERIES_HEADER, String(message.info.deliveryCount));
    try {
      await this.js.publish(this.ns.subject(`dlq.${this.config.service}.${subject}`), message.data, {
        headers,
        msgID: `${this.config.service}:${message.info.stream}:${message.seq}`,
      });
      // No reason on the TERM: nats-server 2.9 ignores `+TERM <reason>`, so the message would stay unacknowledged
      // and come back after ack_wait. The reason travels in the dead letter's header.
      message.term();
      this.metrics.eventsConsumed.inc({ subject, outcome: 'dead_lettered' });
      this.logger.error({ msg: 'event moved to dead letters', subject, reason, seq: message.seq });
    } catch (error) {
      this.logger.warn({ msg: 'dead-letter publish failed; will retry', subject, error: (error as Error).message });
      message.nak(1000);
    }
  }
}

function describe(errors: { field: string; message: string }[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}
