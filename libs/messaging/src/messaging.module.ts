import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import { BacklogMetrics } from './backlog.metrics';
import { EventConsumerFactory } from './inbox/event-consumer.factory';
import { EventHandlerDiscovery } from './inbox/event-handler.discovery';
import { connectNats } from './jetstream/nats.connection';
import type { MessagingConfig } from './messaging.config';
import { MESSAGING_CONFIG, NATS_CONNECTION } from './messaging.tokens';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox.relay';
import { RequestKeys } from './request-key/request-keys';
import { MessagePruner } from './retention/message-pruner';
import { RpcClient } from './rpc/rpc.client';

/** Drains the NATS connection last, after consumers and the relay have stopped. */
@Injectable()
class NatsConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }
}

export interface MessagingModuleOptions {
  config: MessagingConfig;
  /** The service writes events: outbox and relay (needs the service's DataSource). */
  publishes?: boolean;
  /** The service handles events: `@OnEvent` handlers, inbox and dead letters (needs the DataSource). */
  consumes?: boolean;
  /** The service sends requests to others: `RpcClient`. */
  sendsRequests?: boolean;
  /**
   * The app answers writes and records their idempotency keys in its `request_key` table (its migrations list
   * `RequestKeys1764700000000`): `RequestKeys`, which also purges expired keys.
   */
  recordsRequestKeys?: boolean;
}

/** A NATS connection (closed with drain), and whichever messaging roles the service plays. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    const { config } = options;
    const providers: Provider[] = [
      { provide: MESSAGING_CONFIG, useValue: config },
      {
        provide: NATS_CONNECTION,
        useFactory: () => connectNats(config.natsUrl, config.service),
      },
      NatsConnectionCloser,
    ];
    const exports: Array<Provider | symbol | string> = [MESSAGING_CONFIG, NATS_CONNECTION];
    if (options.publishes || options.consumes) {
      // Both tables exist with either role (MESSAGING_MIGRATIONS); the pruner keeps them short.
      providers.push(Outbox, MessagePruner);
      exports.push(Outbox, MessagePruner);
    }
    if (options.publishes) providers.push(OutboxRelay);
    if (options.consumes) {
      providers.push(EventHandlerDiscovery, EventConsumerFactory);
      exports.push(EventConsumerFactory);
    }
    if (options.recordsRequestKeys) {
      providers.push(RequestKeys);
      exports.push(RequestKeys);
    }
    // After the roles it reads from: the outbox's and consumers' gauges exist when their roles do.
    if (options.publishes || options.consumes) providers.push(BacklogMetrics);
    if (options.sendsRequests) {
      providers.push(RpcClient);
      exports.push(RpcClient);
    }
    return {
      module: MessagingModule,
      imports: options.consumes ? [DiscoveryModule] : [],
      providers,
      exports,
    };
  }
}
