import type { EventContract, EventEnvelope, ProducerContext } from '@saleswire/contracts';
import type { EventTransaction } from './event-transaction';

/** The signature of an event handler. */
export type EventHandlerFn<P extends object = object> = (event: EventEnvelope<P>, tx: EventTransaction) => Promise<void>;

/** The signature of a batch event handler: fresh events in stream order, never empty. */
export type EventBatchHandlerFn<P extends object = object> = (
  events: EventEnvelope<P>[],
  tx: EventTransaction,
) => Promise<void>;

/** One registered handler, in the form it was declared. */
export type RegisteredHandler = { batch: false; fn: EventHandlerFn } | { batch: true; fn: EventBatchHandlerFn };

/** Every handler of one subject: they run in registration order, in one transaction per event or per batch. */
export interface EventRoute {
  readonly contract: EventContract;
  readonly handlers: readonly RegisteredHandler[];
  /** Some handler takes batches, so first deliveries of this subject are applied in batches. */
  readonly batched: boolean;
}

interface MutableRoute {
  contract: EventContract;
  handlers: RegisteredHandler[];
  batched: boolean;
}

/**
 * The handlers a consumer applies, by subject. A subject may have any number of them, single and batch ones
 * mixed: one batch handler makes the subject batched, and its single handlers are then called once per fresh
 * event of the batch, in stream order, inside the batch's transaction.
 */
export class EventHandlers {
  private readonly bySubject = new Map<string, MutableRoute>();

  /** Adds a handler of one event at a time. */
  on<P extends object>(contract: EventContract<P>, handler: EventHandlerFn<P>): this {
    this.add(contract, { batch: false, fn: handler as EventHandlerFn });
    return this;
  }

  /** Adds a handler of batches: it must accept any number of events, one included. */
  onBatch<P extends object>(contract: EventContract<P>, handler: EventBatchHandlerFn<P>): this {
    this.add(contract, { batch: true, fn: handler as EventBatchHandlerFn });
    return this;
  }

  /** The handlers of a subject (without namespace), if it has any. */
  route(subject: string): EventRoute | undefined {
    return this.bySubject.get(subject);
  }

  /** Every subject handled, once each. */
  routes(): EventRoute[] {
    return [...this.bySubject.values()];
  }

  /** The producers whose streams must be consumed. */
  producers(): ProducerContext[] {
    return [...new Set(this.routes().map((route) => route.contract.producer))];
  }

  /** The subjects handled of one producer's stream. */
  subjectsOf(producer: ProducerContext): string[] {
    return this.routes()
      .filter((route) => route.contract.producer === producer)
      .map((route) => route.contract.subject);
  }

  private add(contract: EventContract, handler: RegisteredHandler): void {
    const route = this.bySubject.get(contract.subject);
    if (!route) {
      this.bySubject.set(contract.subject, { contract, handlers: [handler], batched: handler.batch });
      return;
    }
    // Events are validated once per subject, so every handler must expect the same payload class.
    if (route.contract.payload !== contract.payload) {
      throw new Error(`two payload classes for ${contract.subject}: ${route.contract.payload.name} and ${contract.payload.name}`);
    }
    route.handlers.push(handler);
    route.batched ||= handler.batch;
  }
}
