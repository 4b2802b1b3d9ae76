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
import { Metrics, runWithCorrelation } from '@saleswire/observability';
import { backoffMs, Semaphore, sleep } from '../concurrency';
import { ensureDurableConsumer, ensureStream, isNotFound } from '../jetstream/streams';
import { Namespace, type MessagingConfig } from '../messaging.config';
import { MESSAGING_CONFIG, NATS_CONNECTION } from '../messaging.tokens';
import { Outbox, type OutboxTransaction } from '../outbox/outbox';
import { EVENT_HANDLER } from './event-handler.decorator';

/** The signature of an event handler. */
export type EventHandlerFn<P extends object = object> = (
  event: EventEnvelope<P>,
  tx: OutboxTransaction,
) => Promise<void>;

interface Route {
  contract: EventContract;
  handler: EventHandlerFn;
}

/** How long one pull waits for messages; also the longest a shutdown waits for the last pull. */
const FETCH_EXPIRES_MS = 2000;

export const DEAD_LETTER_REASON_HEADER = 'x-dead-letter-reason';
export const ORIGINAL_SUBJECT_HEADER = 'x-original-subject';

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
  private readonly loops: Promise<void>[] = [];
  private running = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    private readonly outbox: Outbox,
    private readonly metrics: Metrics,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {
    this.js = jetstream(nc, { timeout: 5000 });
    this.ns = new Namespace(config.namespace);
    this.semaphore = new Semaphore(config.consumerConcurrency);
    this.batchSize = Math.max(64, config.consumerConcurrency * 4);
    this.inboxTable = `"${outbox.schema}".inbox_event`;
  }

  /** Subscribes a handler to an event contract (the `@OnEvent` decorator calls this for you). */
  register<P extends object>(contract: EventContract<P>, handler: EventHandlerFn<P>): void {
    if (this.routes.has(contract.subject)) throw new Error(`two handlers for ${contract.subject}`);
    this.routes.set(contract.subject, { contract, handler: handler as EventHandlerFn });
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
      }
    }
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
          maxAckPending: Math.max(256, this.config.consumerConcurrency * 8),
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

  /** Validates, applies once, and acknowledges one message; never throws. */
  async handle(message: JsMsg): Promise<void> {
    const subject = this.ns.strip(message.subject);
    const route = subject ? this.routes.get(subject) : undefined;
    if (!subject || !route) {
      message.ack(); // an event this service does not need
      this.metrics.eventsConsumed.inc({ subject: subject ?? message.subject, outcome: 'ignored' });
      return;
    }
    let raw: unknown;
    try {
      raw = message.json();
    } catch {
      return this.deadLetter(message, subject, 'message is not JSON');
    }
    const envelope = validateContract(EventEnvelopeSchema, raw, { allowUnknown: true });
    if (!envelope.ok) return this.deadLetter(message, subject, `invalid envelope: ${describe(envelope.errors)}`);
    const payload = validateContract(route.contract.payload, envelope.value.payload, { allowUnknown: true });
    if (!payload.ok) return this.deadLetter(message, subject, `invalid payload: ${describe(payload.errors)}`);
    if (message.info.deliveryCount > this.config.maxDeliver) {
      return this.deadLetter(message, subject, 'delivered too many times without an acknowledgement');
    }
    const event = { ...(raw as EventEnvelope<object>), payload: payload.value };
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
    headers.set('x-deliveries', String(message.info.deliveryCount));
    try {
      await this.js.publish(this.ns.subject(`dlq.${this.config.service}.${subject}`), message.data, {
        headers,
        msgID: `${this.config.service}:${message.info.stream}:${message.seq}`,
      });
      message.term(reason);
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
