import { ServerNats, type NatsOptions } from '@nestjs/microservices';
import { Namespace } from '../messaging.config';

/**
 * Nest's NATS server, with each `@MessagePattern` subscribed under the deployment namespace and in the
 * service's queue group, so replicas share requests and test suites sharing a NATS server stay apart.
 */
export class NamespacedNatsServer extends ServerNats {
  private readonly ns: Namespace;
  private readonly queue: string;
  private readonly ownSubscriptions: Array<{ unsubscribe(): void }> = [];

  constructor(options: NatsOptions['options'] & { namespace: string; queue: string }) {
    super(options);
    this.ns = new Namespace(options.namespace);
    this.queue = options.queue;
  }

  override bindEvents(client: Parameters<ServerNats['bindEvents']>[0]): void {
    for (const channel of this.messageHandlers.keys()) {
      const subscription = client.subscribe(this.ns.subject(channel), {
        queue: this.queue,
        callback: this.getMessageHandler(channel).bind(this),
      });
      this.ownSubscriptions.push(subscription);
    }
  }

  /** Stops taking new requests before the connection closes, so in-flight ones can still answer. */
  override async close(): Promise<void> {
    this.ownSubscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    await super.close();
  }
}
