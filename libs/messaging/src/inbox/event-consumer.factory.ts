import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NatsConnection } from '@nats-io/transport-node';
import { Metrics } from '@saleswire/observability';
import type { DataSource } from 'typeorm';
import type { MessagingConfig } from '../messaging.config';
import { MESSAGING_CONFIG, NATS_CONNECTION } from '../messaging.tokens';
import { Outbox } from '../outbox/outbox';
import { consumerIdentity, type ConsumerIdentityChoice } from './consumer-identity';
import { EventConsumer } from './event-consumer';
import { EventHandlerDiscovery } from './event-handler.discovery';
import type { EventHandlers } from './event-handler.registry';
import type { ConsumerBacklog } from './stream.puller';

/** What a caller chooses for an extra consumer; what it leaves out is the service's own. */
export type ExtraConsumerOptions = Omit<ConsumerIdentityChoice, 'dataSource'> & {
  /** Defaults to the service's data source (and so its schema, inbox and outbox). */
  dataSource?: DataSource;
  /** Defaults to every `@OnEvent`/`@OnEventBatch` handler of the app. */
  handlers?: EventHandlers;
  /** Where its outcomes are counted; defaults to the service's metrics. */
  metrics?: Metrics;
};

/**
 * The service's event consumers. With the app it starts and stops the default one: every handler of the app,
 * as `<service>__<STREAM>`, inbox key and schema the service's own. `create` makes another with an identity
 * the caller chooses (a read-model rebuild replaying the streams into fresh tables beside the live ones).
 */
@Injectable()
export class EventConsumerFactory implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumers = new Set<EventConsumer>();

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    private readonly outbox: Outbox,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
    private readonly discovery: EventHandlerDiscovery,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.create({ name: this.config.service }).start();
  }

  /** Stops every consumer it made that is still running, after their events in hand are applied. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
  }

  /** The backlog of every durable of every consumer it made that runs. */
  async backlogs(): Promise<ConsumerBacklog[]> {
    return (await Promise.all([...this.consumers].map((consumer) => consumer.backlogs()))).flat();
  }

  /** A consumer with its own identity and handlers, not started yet; it is stopped with the app at the latest. */
  create(options: ExtraConsumerOptions): EventConsumer {
    const { handlers, metrics, ...choice } = options;
    const dataSource = choice.dataSource ?? this.dataSource;
    const identity = consumerIdentity({ ...choice, dataSource });
    // Events its handlers emit are stored beside its inbox; only the service's own outbox is relayed, so a
    // consumer on another data source refuses to emit rather than leave events no relay will publish.
    const outbox = dataSource === this.dataSource ? this.outbox : new Outbox(dataSource, this.config);
    const consumer = new EventConsumer(
      { nc: this.nc, config: this.config, metrics: metrics ?? this.metrics, outbox },
      identity,
      handlers ?? this.discovery.all(),
    );
    this.consumers.add(consumer);
    return consumer;
  }
}
