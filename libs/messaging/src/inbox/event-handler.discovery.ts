import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { EventContract } from '@saleswire/contracts';
import { EVENT_BATCH_HANDLER, EVENT_HANDLER, EVENT_STREAM_BATCH_HANDLER } from './event-handler.decorator';
import { EventHandlers, type EventBatchHandlerFn, type EventHandlerFn, type StreamBatchHandlerFn } from './event-handler.registry';

/**
 * The `@OnEvent`, `@OnEventBatch` and `@OnStreamBatch` methods of the given objects, bound to them, in the order found. A
 * rebuild passes the controllers of the read models it rebuilds; the service's consumer passes them all.
 */
export function discoverEventHandlers(instances: readonly unknown[], scanner = new MetadataScanner()): EventHandlers {
  const handlers = new EventHandlers();
  for (const instance of instances) {
    if (!instance || typeof instance !== 'object') continue;
    const methods = instance as Record<string, unknown>;
    for (const method of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
      const fn = methods[method];
      if (typeof fn !== 'function') continue;
      const contract = Reflect.getMetadata(EVENT_HANDLER, fn) as EventContract | undefined;
      if (contract) handlers.on(contract, (fn as EventHandlerFn).bind(instance));
      const batchContract = Reflect.getMetadata(EVENT_BATCH_HANDLER, fn) as EventContract | undefined;
      if (batchContract) handlers.onBatch(batchContract, (fn as EventBatchHandlerFn).bind(instance));
      const streamContracts = Reflect.getMetadata(EVENT_STREAM_BATCH_HANDLER, fn) as EventContract[] | undefined;
      if (streamContracts) handlers.onStreamBatch(streamContracts, (fn as StreamBatchHandlerFn).bind(instance));
    }
  }
  return handlers;
}

/** Finds the event handlers of every controller and provider of the app. */
@Injectable()
export class EventHandlerDiscovery {
  private found?: EventHandlers;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** The app's handlers, looked up once (instances exist from module init on). */
  all(): EventHandlers {
    this.found ??= discoverEventHandlers(
      [...this.discovery.getControllers(), ...this.discovery.getProviders()].map((wrapper) => wrapper.instance),
      this.scanner,
    );
    return this.found;
  }
}
