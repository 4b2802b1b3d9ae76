import type { EventContract, EventEnvelope, ProducerContext } from '@saleswire/contracts';
import type { EventTransaction } from './event-transaction';

/** The signature of an event handler. */
export type EventHandlerFn<P extends object = object> = (event: EventEnvelope<P>, tx: EventTransaction) => Promise<void>;

/** The signature of a batch event handler: fresh events in stream order, never empty. */
export type EventBatchHandlerFn<P extends object = object> = (
  events: EventEnvelope<P>[],
  tx: EventTransaction,
) => Promise<void>;

/** A validated event with the contract of the subject it arrived on (what a handler of several subjects is given). */
export interface StreamEvent {
  readonly contract: EventContract;
  readonly event: EventEnvelope<object>;
}

/** The signature of a handler of several subjects of one stream: their fresh events in stream order, never empty. */
export type StreamBatchHandlerFn = (events: StreamEvent[], tx: EventTransaction) => Promise<void>;

/**
 * One registered handler: a single one of its subject, or a batch one of its `subjects` (one, or several of a stream),
 * which the applier calls with the fresh events of those subjects. `order` is the registration order across subjects.
 */
export type RegisteredHandler =
  | { batch: false; fn: EventHandlerFn; subject: string; order: number }
  | { batch: true; fn: StreamBatchHandlerFn; subjects: readonly string[]; order: number };

/** Every handler of one subject: they run in registration order, in one transaction per event or per batch. */
export interface EventRoute {
  readonly contract: EventContract;
  readonly handlers: readonly RegisteredHandler[];
  /** Some handler takes batches, so first deliveries of this subject are applied in batches. */
  readonly batched: boolean;
}

/**
 * Subjects whose first deliveries are applied together: a batched subject alone, or the subjects a handler of
 * several subjects joins (and any others joined to them), named by the first of them. Its handlers are those of
 * its routes, each once, in registration order.
 */
export interface BatchGroup {
  readonly name: string;
  readonly routes: readonly EventRoute[];
  readonly handlers: readonly RegisteredHandler[];
}

interface MutableRoute {
  contract: EventContract;
  handlers: RegisteredHandler[];
  batched: boolean;
}

/**
 * The handlers a consumer applies, by subject. A subject may have any number of them, single and batch ones
 * mixed: one batch handler makes the subject batched, and its single handlers are then called once per fresh
 * event of the batch, in stream order, inside the batch's transaction. A handler of several subjects of one stream
 * (`onStreamBatch`) puts them in one batch group: a fetch's first deliveries of all of them go in one transaction,
 * and that handler is called once with all of them.
 */
export class EventHandlers {
  private readonly bySubject = new Map<string, MutableRoute>();
  private registered = 0;

  /** Adds a handler of one event at a time. */
  on<P extends object>(contract: EventContract<P>, handler: EventHandlerFn<P>): this {
    this.add(contract, { batch: false, fn: handler as EventHandlerFn, subject: contract.subject, order: this.registered++ });
    return this;
  }

  /** Adds a handler of batches: it must accept any number of events, one included. */
  onBatch<P extends object>(contract: EventContract<P>, handler: EventBatchHandlerFn<P>): this {
    const fn: StreamBatchHandlerFn = (events, tx) => (handler as EventBatchHandlerFn)(events.map(({ event }) => event), tx);
    this.add(contract, { batch: true, fn, subjects: [contract.subject], order: this.registered++ });
    return this;
  }

  /**
   * Adds a handler of batches of several subjects of one stream, each event with its contract: it must accept any
   * number of events of any of them, one included (after a failed batch and on a redelivery each is applied alone).
   */
  onStreamBatch(contracts: readonly EventContract[], handler: StreamBatchHandlerFn): this {
    if (contracts.length === 0) throw new Error('a stream batch handler needs at least one subject');
    const producers = new Set(contracts.map((contract) => contract.producer));
    if (producers.size > 1) throw new Error(`a stream batch handler takes subjects of one stream, not of ${[...producers].join(', ')}`);
    const registered: RegisteredHandler = { batch: true, fn: handler, subjects: contracts.map((contract) => contract.subject), order: this.registered++ };
    for (const contract of contracts) this.add(contract, registered);
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

  /**
   * The batch groups: the batched subjects, joined where a handler takes several of them (transitively), each
   * subject in exactly one group.
   */
  batchGroups(): BatchGroup[] {
    const batched = this.routes().filter((route) => route.batched);
    // Union-find over the batched subjects: a handler's subjects end up under one root.
    const parent = new Map(batched.map((route) => [route.contract.subject, route.contract.subject]));
    const root = (subject: string): string => {
      while (parent.get(subject) !== subject) subject = parent.get(subject)!;
      return subject;
    };
    for (const route of batched) {
      for (const handler of route.handlers) {
        if (handler.batch) for (const subject of handler.subjects) parent.set(root(subject), root(route.contract.subject));
      }
    }
    const groups = new Map<string, EventRoute[]>();
    for (const route of batched) groups.set(root(route.contract.subject), [...(groups.get(root(route.contract.subject)) ?? []), route]);
    return [...groups.values()].map((routes) => ({
      name: routes[0].contract.subject,
      routes,
      handlers: [...new Set(routes.flatMap((route) => route.handlers))].sort((a, b) => a.order - b.order),
    }));
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
