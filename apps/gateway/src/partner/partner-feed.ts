import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DeliverPolicy, jetstream, type ConsumerMessages, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streamOf, type Role } from '@saleswire/contracts';
import { MESSAGING_CONFIG, Namespace, NATS_CONNECTION, type MessagingConfig } from '@saleswire/messaging';
import { feedEventFor, type FeedEvent } from './partner-feed.policy';

/** Where a feed's events go; `seq` is the partners stream's sequence, the SSE id the client resumes from. */
export type FeedSink = (seq: number, event: FeedEvent) => void;

/** An open feed; `close()` stops reading the stream. */
export interface OpenFeed {
  close(): Promise<void>;
}

/**
 * Reads a partner's events as they happen from the partners service's stream (`PARTNERS_EVENTS`): an ordered,
 * ephemeral JetStream consumer per open feed, starting after the sequence the client last got (`Last-Event-ID`)
 * or at new events. The stream's sequence is each event's id, so a resumed feed has neither gaps nor repeats;
 * every event is checked against the partner (`feedEventFor`) before it is sent.
 */
@Injectable()
export class PartnerFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(PartnerFeed.name);
  private readonly js: JetStreamClient;
  private readonly stream: string;
  private readonly open = new Set<ConsumerMessages>();

  constructor(
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(MESSAGING_CONFIG) config: MessagingConfig,
  ) {
    this.js = jetstream(nc, { timeout: 5000 });
    this.stream = new Namespace(config.namespace).stream(streamOf('partners').name);
  }

  async start(partnerId: string, viewer: Role, after: number | null, sink: FeedSink): Promise<OpenFeed> {
    const consumer = await this.js.consumers.get(
      this.stream,
      after === null ? { deliver_policy: DeliverPolicy.New } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: after + 1 },
    );
    const messages = await consumer.consume();
    this.open.add(messages);
    void (async () => {
      try {
        for await (const message of messages) {
          const event = feedEventFor(message.string(), partnerId, viewer);
          if (event) sink(message.seq, event);
        }
      } catch (error) {
        this.logger.warn({ msg: 'partner feed stopped reading', partnerId, error: (error as Error).message });
      }
    })();
    return {
      close: async () => {
        this.open.delete(messages);
        await messages.close();
      },
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.open].map((messages) => messages.close()));
  }
}
