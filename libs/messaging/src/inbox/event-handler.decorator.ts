import { SetMetadata } from '@nestjs/common';
import type { EventContract } from '@saleswire/contracts';

export const EVENT_HANDLER = Symbol('saleswire:event-handler');
export const EVENT_BATCH_HANDLER = Symbol('saleswire:event-batch-handler');

/**
 * Marks a method of an `*.events.controller.ts` as a handler of one event. The method receives the validated
 * envelope and an `EventTransaction`: its effect, the inbox record, any events it emits and the effects of the
 * subject's other handlers commit together, and only then is the message acknowledged. It writes to the tables
 * `tx.target` names, so the same handler serves the live read model and a rebuild.
 */
export const OnEvent = (contract: EventContract): MethodDecorator => SetMetadata(EVENT_HANDLER, contract);

/**
 * Marks a method as a batch handler of one event: it receives every fresh event of a fetch, in stream order,
 * and one `EventTransaction` that also holds their inbox records. It must accept any number of events, one
 * included: after a failed batch each event is applied alone, and redeliveries always are. One batch handler
 * makes its subject batched; the subject's `@OnEvent` handlers then run once per event inside the batch.
 */
export const OnEventBatch = (contract: EventContract): MethodDecorator => SetMetadata(EVENT_BATCH_HANDLER, contract);

export const EVENT_STREAM_BATCH_HANDLER = Symbol('saleswire:event-stream-batch-handler');

/**
 * Marks a method as a batch handler of several subjects of one stream (ADR 0025, option 3): a fetch's first
 * deliveries of all of them are applied in one transaction, and the method receives their fresh events together,
 * in stream order, each with its contract (`StreamEvent`) — so a projection locks, reads and writes the batch's
 * aggregates once, not once per subject. It must accept any number of events of any of the subjects, one included.
 */
export const OnStreamBatch = (...contracts: EventContract[]): MethodDecorator => SetMetadata(EVENT_STREAM_BATCH_HANDLER, contracts);
