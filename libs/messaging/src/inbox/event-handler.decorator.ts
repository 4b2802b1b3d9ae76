import { SetMetadata } from '@nestjs/common';
import type { EventContract } from '@saleswire/contracts';

export const EVENT_HANDLER = Symbol('saleswire:event-handler');
export const EVENT_BATCH_HANDLER = Symbol('saleswire:event-batch-handler');

/**
 * Marks a method of an `*.events.controller.ts` as the handler of one event. The method receives the
 * validated envelope and an `OutboxTransaction`: its effect, the inbox record and any events it emits
 * commit together, and only then is the message acknowledged.
 */
export const OnEvent = (contract: EventContract): MethodDecorator => SetMetadata(EVENT_HANDLER, contract);

/**
 * Marks a method as the batch handler of one event: it receives every fresh event of a fetch, in stream order,
 * and one `OutboxTransaction` that also holds their inbox records. It must accept any number of events, one
 * included: after a failed batch each event is applied alone, and redeliveries always are.
 */
export const OnEventBatch = (contract: EventContract): MethodDecorator => SetMetadata(EVENT_BATCH_HANDLER, contract);
