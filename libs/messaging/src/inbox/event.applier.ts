import type { Logger } from '@nestjs/common';
import type { JsMsg } from '@nats-io/jetstream';
import type { EventEnvelope } from '@saleswire/contracts';
import { runWithCorrelation, type CorrelationContext, type Metrics } from '@saleswire/observability';
import { backoffMs } from '../concurrency';
import type { DeadLetterPublisher } from './dead-letter.publisher';
import type { EventRoute } from './event-handler.registry';
import type { EventTransaction } from './event-transaction';
import { validateEvent } from './event.validator';
import type { InboxStore } from './inbox.store';

/**
 * Messages of a batch validated between two turns of the event loop: validation is the consumer's main CPU
 * cost, and a whole batch of it at once would hold up requests and the other batch's I/O.
 */
const VALIDATION_SLICE = 16;

/**
 * Turns pulled messages into effects: validates them, applies each event once through the inbox with every
 * handler of its subject, and settles the message (ack after commit, nak with backoff, or dead letter). Its
 * methods never throw: every outcome is a settled message.
 */
export class EventApplier {
  constructor(
    private readonly inbox: InboxStore,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: Metrics,
    private readonly maxDeliver: number,
    private readonly logger: Logger,
  ) {}

  /** Validates one message, applies it alone and settles it. */
  async one(message: JsMsg, route: EventRoute): Promise<void> {
    const checked = validateEvent(message, route.contract, this.maxDeliver);
    if ('reason' in checked) return this.deadLetters.send(message, route.contract.subject, checked.reason);
    return this.applyOne(message, route, checked.event);
  }

  /**
   * Validates the messages of one batch (the invalid ones go to the dead letters), applies the fresh ones in one
   * transaction and acknowledges them all after the commit. When that transaction fails, each event is applied
   * alone, so one bad event is retried and dead-lettered by itself while the others still apply.
   */
  async batch(messages: JsMsg[], route: EventRoute): Promise<void> {
    const subject = route.contract.subject;
    const valid: Array<{ message: JsMsg; event: EventEnvelope<object> }> = [];
    for (const [i, message] of messages.entries()) {
      if (i > 0 && i % VALIDATION_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      const checked = validateEvent(message, route.contract, this.maxDeliver);
      if ('reason' in checked) await this.deadLetters.send(message, subject, checked.reason);
      else valid.push({ message, event: checked.event });
    }
    if (valid.length === 0) return;
    if (valid.length === 1) return this.applyOne(valid[0].message, route, valid[0].event);
    try {
      const events = valid.map(({ event }) => event);
      const applied = await runWithCorrelation(causedBy(events[0]), () =>
        this.inbox.applyOnce(subject, events, (fresh, tx) => runHandlers(route, fresh, tx)),
      );
      for (const { message } of valid) message.ack();
      this.count(subject, applied, valid.length);
    } catch (error) {
      this.logger.warn({ msg: 'event batch failed; applying its events one by one', subject, events: valid.length, error: (error as Error).message });
      for (const { message, event } of valid) await this.applyOne(message, route, event);
    }
  }

  /** Applies one validated event once, in its own transaction, and acks it; nak or dead-letters on failure. */
  private async applyOne(message: JsMsg, route: EventRoute, event: EventEnvelope<object>): Promise<void> {
    const subject = route.contract.subject;
    try {
      const applied = await runWithCorrelation(causedBy(event), () =>
        this.inbox.applyOnce(subject, [event], (fresh, tx) => runHandlers(route, fresh, tx)),
      );
      message.ack();
      this.count(subject, applied, 1);
    } catch (error) {
      const attempt = message.info.deliveryCount;
      if (attempt >= this.maxDeliver) {
        return this.deadLetters.send(message, subject, `handler failed ${attempt} times: ${(error as Error).message}`);
      }
      const delay = backoffMs(attempt, 200, 30_000);
      this.logger.warn({ msg: 'event handler failed; will retry', subject, eventId: event.eventId, attempt, retryInMs: delay, error: (error as Error).message });
      message.nak(delay);
      this.metrics.eventsConsumed.inc({ subject, outcome: 'retried' });
    }
  }

  private count(subject: string, applied: number, delivered: number): void {
    if (applied > 0) this.metrics.eventsConsumed.inc({ subject, outcome: 'applied' }, applied);
    if (applied < delivered) this.metrics.eventsConsumed.inc({ subject, outcome: 'duplicate' }, delivered - applied);
  }
}

/**
 * Every handler of the subject, in registration order, in the one transaction: a batch handler gets the fresh
 * events together, a single handler gets them one by one, each under its own event's correlation (so what it
 * emits names the event that caused it). The first rejection rolls back all of them.
 */
async function runHandlers(route: EventRoute, events: EventEnvelope<object>[], tx: EventTransaction): Promise<void> {
  for (const handler of route.handlers) {
    if (handler.batch) {
      await handler.fn(events, tx);
      continue;
    }
    for (const event of events) await runWithCorrelation(causedBy(event), () => handler.fn(event, tx));
  }
}

function causedBy(event: EventEnvelope<object>): CorrelationContext {
  return { correlationId: event.correlationId, causationId: event.eventId };
}
