import { SetMetadata } from '@nestjs/common';
import type { EventContract } from '@saleswire/contracts';

export const EVENT_HANDLER = Symbol('saleswire:event-handler');

/**
 * Marks a method of an `*.events.controller.ts` as the handler of one event. The method receives the
 * validated envelope and an `OutboxTransaction`: its effect, the inbox record and any events it emits
 * commit together, and only then is the message acknowledged.
 */
export const OnEvent = (contract: EventContract): MethodDecorator => SetMetadata(EVENT_HANDLER, contract);
