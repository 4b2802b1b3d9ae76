import type { Logger } from '@nestjs/common';
import type { JsMsg } from '@nats-io/jetstream';
import type { EventEnvelope } from '@saleswire/contracts';
import {
  endSpan,
  runWithCorrelation,
  SpanKind,
  startSpan,
  TRACEPARENT_HEADER,
  tracingEnabled,
  withSpan,
  type CorrelationContext,
  type Metrics,
  type Span,
} from '@saleswire/observability';
import { backoffMs } from '../concurrency';
import { isTransientError } from '../transient';
import type { DeadLetterPublisher } from './dead-letter.publisher';
import type { BatchGroup, EventRoute, RegisteredHandler, StreamEvent } from './event-handler.registry';
import type { EventTransaction } from './event-transaction';
import { validateEvent } from './event.validator';
import type { InboxStore } from './inbox.store';

/**
 * Events of a batch validated between two turns of the event loop (a message counts as the events it carries):
 * validation is the consumer's main CPU cost, and a whole batch of it at once would hold up requests and the other
 * batch's I/O.
 */
const VALIDATION_SLICE = 16;

/** The longest wait between two attempts at events held through an outage. */
const HOLD_MAX_WAIT_MS = 5000;
/**
 * How often held messages tell JetStream they are still being worked on (`working()`): well within the
 * consumer's 30 s ack_wait, so the server neither redelivers them nor counts another delivery.
 */
const WORKING_EVERY_MS = 10_000;
/**
 * How long a held message handed back at shutdown waits before redelivery: past the stopping puller's last
 * fetch (2 s), which would otherwise take it back at once, nak it again and spend deliveries on nothing.
 */
const HAND_BACK_DELAY_MS = 3000;

/**
 * Turns pulled messages into effects: validates them, applies each event once through the inbox with every
 * handler of its subject, and settles the message (ack after commit, nak with backoff, or dead letter). Its
 * methods never throw: every outcome is a settled message. A transient fault (the database away) spends none of
 * an event's deliveries: the message is held and tried again in place until the database answers, so only a
 * handler's own failures count toward EVENT_MAX_DELIVER.
 */
export class EventApplier {
  private running = true;
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly inbox: InboxStore,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: Metrics,
    private readonly maxDeliver: number,
    private readonly logger: Logger,
    /** The consumer identity's name, on its spans. */
    private readonly consumer = 'consumer',
  ) {}

  /** Lets events be held through outages again (a consumer that starts after a stop). */
  start(): void {
    this.running = true;
  }

  /** Ends the holding of events at once: those in hand go back to the stream (`stop` of the consumer). */
  stop(): void {
    this.running = false;
    for (const wake of [...this.wakers]) wake();
  }

  /** Validates one message, applies it alone and settles it. */
  async one(message: JsMsg, route: EventRoute): Promise<void> {
    const checked = validateEvent(message, route.contract, this.maxDeliver);
    if ('reason' in checked) return this.deadLetters.send(message, route.contract.subject, checked);
    return this.applyOne(message, route, checked.event);
  }

  /**
   * Validates the messages of one batch of a group's subjects (the invalid ones go to the dead letters, each under
   * its subject), applies the fresh ones in one transaction with every handler of the group and acknowledges them
   * all after the commit. When that transaction fails, each event is applied alone, so one bad event is retried and
   * dead-lettered by itself while the others still apply; when it fails on a transient fault, the whole batch is
   * held and tried again in place.
   */
  async batch(items: Array<{ message: JsMsg; route: EventRoute }>, group: BatchGroup): Promise<void> {
    const valid: Array<{ message: JsMsg; route: EventRoute; event: EventEnvelope<object> }> = [];
    let validated = 0;
    for (const { message, route } of items) {
      // A slice counts events as the queue does: a message carrying a hundred leads validates as a hundred.
      if (validated >= VALIDATION_SLICE) {
        await new Promise((resolve) => setImmediate(resolve));
        validated = 0;
      }
      validated += route.contract.carries;
      const checked = validateEvent(message, route.contract, this.maxDeliver);
      if ('reason' in checked) await this.deadLetters.send(message, route.contract.subject, checked);
      else valid.push({ message, route, event: checked.event });
    }
    if (valid.length === 0) return;
    if (valid.length === 1) return this.applyOne(valid[0].message, valid[0].route, valid[0].event);
    const held = valid.map(({ message, route }) => ({ message, subject: route.contract.subject }));
    const span = tracingEnabled() ? this.consumeSpan(group.name, valid) : undefined;
    try {
      const events: StreamEvent[] = valid.map(({ route, event }) => ({ contract: route.contract, event }));
      let fresh: StreamEvent[] = [];
      await this.holdingThroughOutages(held, () =>
        withSpan(span, () =>
          runWithCorrelation(correlationOf(events[0].event), () =>
            this.inbox.applyOnce(events, (unseen, tx) => {
              fresh = unseen;
              return runHandlers(group.handlers, unseen, tx);
            }),
          ),
        ),
      );
      for (const { message } of held) message.ack();
      this.count(events, fresh);
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      if (isTransientError(error)) return this.handBack(held, error);
      this.logger.warn({ msg: 'event batch failed; applying its events one by one', subject: group.name, events: valid.length, error: (error as Error).message });
      for (const { message, route, event } of valid) await this.applyOne(message, route, event);
    }
  }

  /**
   * Applies one validated event once, in its own transaction, and acks it; held through a transient fault, nak'ed
   * with backoff or dead-lettered on a failure of its handlers.
   */
  private async applyOne(message: JsMsg, route: EventRoute, event: EventEnvelope<object>): Promise<void> {
    const subject = route.contract.subject;
    const span = tracingEnabled() ? this.consumeSpan(subject, [{ message, event }]) : undefined;
    const events: StreamEvent[] = [{ contract: route.contract, event }];
    try {
      const applied = await this.holdingThroughOutages([{ message, subject }], () =>
        withSpan(span, () => causedBy(event, () => this.inbox.applyOnce(events, (fresh, tx) => runHandlers(route.handlers, fresh, tx)))),
      );
      message.ack();
      this.count(events, applied > 0 ? events : []);
      span?.setAttribute('saleswire.event.duplicate', applied === 0);
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      if (isTransientError(error)) return this.handBack([{ message, subject }], error);
      const attempt = message.info.deliveryCount;
      if (attempt >= this.maxDeliver) {
        return this.deadLetters.send(message, subject, { kind: 'handler_failed', reason: `handler failed ${attempt} times: ${(error as Error).message}` });
      }
      const delay = backoffMs(attempt, 200, 30_000);
      this.logger.warn({ msg: 'event handler failed; will retry', subject, eventId: event.eventId, attempt, retryInMs: delay, error: (error as Error).message });
      message.nak(delay);
      this.metrics.eventsConsumed.inc({ subject, outcome: 'retried' });
    }
  }

  /**
   * Runs `apply`; while it fails on a transient fault, keeps the messages in hand (telling JetStream they are
   * being worked on) and tries again after a growing wait, until it succeeds, fails for another reason, or the
   * consumer stops (then the transient error is thrown for `handBack`).
   */
  private async holdingThroughOutages(messages: Held[], apply: () => Promise<number>): Promise<number> {
    const subject = [...new Set(messages.map((held) => held.subject))].join(' ');
    let attempts = 0;
    let heartbeat: NodeJS.Timeout | undefined;
    try {
      for (;;) {
        try {
          const applied = await apply();
          if (attempts > 0) this.logger.log({ msg: 'held events applied once the fault passed', subject, events: messages.length, attempts: attempts + 1 });
          return applied;
        } catch (error) {
          if (!isTransientError(error) || !this.running) throw error;
          if (attempts === 0) {
            this.logger.warn({ msg: 'event held until a transient fault passes; no delivery is spent', subject, events: messages.length, error: (error as Error).message });
            for (const [held, n] of countBy(messages.map((m) => m.subject))) this.metrics.eventsConsumed.inc({ subject: held, outcome: 'held' }, n);
            heartbeat = setInterval(() => messages.forEach(({ message }) => message.working()), WORKING_EVERY_MS);
          }
          attempts++;
          await this.pause(backoffMs(attempts, 200, HOLD_MAX_WAIT_MS));
          if (!this.running) throw error;
        }
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Settles messages whose hold ended with the consumer's stop: back to the stream for another replica or the
   * next start, except one on its last delivery, which the server would not deliver again (it goes to the dead
   * letters with the reason, rather than nowhere).
   */
  private async handBack(messages: Held[], error: unknown): Promise<void> {
    for (const { message, subject } of messages) {
      if (message.info.deliveryCount >= this.maxDeliver) {
        await this.deadLetters.send(message, subject, {
          kind: 'stopped_during_fault',
          reason: `consumer stopped during a transient fault on the last delivery: ${(error as Error).message}`,
        });
      } else {
        message.nak(HAND_BACK_DELAY_MS);
      }
    }
  }

  /** Waits `ms`, or less when the consumer stops. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  /**
   * The span of a consumer's handling (ADR 0018): a child of the relay's publish (the message's `traceparent`
   * header, else the envelope's outbox row); a batch continues its first event's trace and links the others.
   */
  private consumeSpan(subject: string, items: Array<{ message: JsMsg; event: EventEnvelope<object> }>): Span | undefined {
    const parents = items.map(({ message, event }) => message.headers?.get(TRACEPARENT_HEADER) || event.traceparent);
    return startSpan(`process ${subject}`, {
      kind: SpanKind.CONSUMER,
      parent: parents[0],
      links: parents.slice(1),
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': subject,
        'messaging.message.id': items[0].event.eventId,
        'messaging.batch.message_count': items.length,
        'messaging.consumer.group.name': this.consumer,
        'saleswire.delivery': items[0].message.info.deliveryCount,
        'saleswire.correlation_id': items[0].event.correlationId,
      },
    });
  }

  /** Counts the outcomes by subject, and how long each event applied took from its occurrence to its commit here. */
  private count(delivered: readonly StreamEvent[], fresh: readonly StreamEvent[]): void {
    const now = Date.now();
    for (const { contract, event } of fresh) {
      const occurred = Date.parse(event.occurredAt);
      if (Number.isFinite(occurred)) this.metrics.projectionLag.observe({ subject: contract.subject }, Math.max(0, now - occurred) / 1000);
    }
    const applied = countBy(fresh.map(({ contract }) => contract.subject));
    for (const [subject, n] of countBy(delivered.map(({ contract }) => contract.subject))) {
      const fresh = applied.get(subject) ?? 0;
      if (fresh > 0) this.metrics.eventsConsumed.inc({ subject, outcome: 'applied' }, fresh);
      if (fresh < n) this.metrics.eventsConsumed.inc({ subject, outcome: 'duplicate' }, n - fresh);
    }
  }
}

/** A message in hand and the subject it arrived on. */
interface Held {
  message: JsMsg;
  subject: string;
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/**
 * Every handler, in registration order, in the one transaction: a batch handler gets the fresh events of its
 * subjects together (in stream order), a single handler those of its subject one by one, each under its own event's
 * correlation (so what it emits names the event that caused it). The first rejection rolls back all of them.
 */
async function runHandlers(handlers: readonly RegisteredHandler[], events: StreamEvent[], tx: EventTransaction): Promise<void> {
  for (const handler of handlers) {
    if (handler.batch) {
      const mine = events.filter(({ contract }) => handler.subjects.includes(contract.subject));
      if (mine.length > 0) await handler.fn(mine, tx);
      continue;
    }
    for (const { contract, event } of events) {
      if (contract.subject === handler.subject) await causedBy(event, () => handler.fn(event, tx));
    }
  }
}

/**
 * Runs `fn` under `event`'s correlation with `event` as the cause of what it emits: how every handler is called,
 * and how a handler applies each event a message carries for others (an import's chunk of leads, each lead as its
 * own lead.created).
 */
export function causedBy<T>(event: EventEnvelope<object>, fn: () => T): T {
  return runWithCorrelation(correlationOf(event), fn);
}

function correlationOf(event: EventEnvelope<object>): CorrelationContext {
  return { correlationId: event.correlationId, causationId: event.eventId };
}
