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
