import type { ConnectionOptions, NatsConnection } from '@nats-io/transport-node';
import { ServerNats, type NatsOptions } from '@nestjs/microservices';
import { openNats } from '../jetstream/nats.connection';
import { Namespace } from '../messaging.config';
import { rpcInFlight } from './in-flight';
import { ReplySerializer } from './replay-codec';

/** The longest a shutdown waits for requests in hand. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Nest's NATS server, with each `@MessagePattern` subscribed under the deployment namespace and in the
 * service's queue group, so replicas share requests and test suites sharing a NATS server stay apart. Replies
 * replayed from a request key carry the `Saleswire-Replayed` header (`ReplySerializer`).
 */
export class NamespacedNatsServer extends ServerNats {
  private readonly ns: Namespace;
  private readonly queue: string;
  private readonly ownSubscriptions: Array<{ unsubscribe(): void }> = [];
  private client?: Parameters<ServerNats['bindEvents']>[0];
  private readonly connection: ConnectionOptions;

  constructor(options: NatsOptions['options'] & { namespace: string; queue: string }) {
    super({ ...options, serializer: new ReplySerializer() });
    // What Nest's own `createNatsClient` passes to `connect`: every option, its own ones ignored by nats.js.
    this.connection = options as ConnectionOptions;
    this.ns = new Namespace(options.namespace);
    this.queue = options.queue;
  }

  /** Nest's connection, opened as the service's own are (`openNats`: one write a turn of the event loop). */
  override createNatsClient(): Promise<NatsConnection> {
    return openNats(this.connection);
  }

  override bindEvents(client: Parameters<ServerNats['bindEvents']>[0]): void {
    this.client = client;
    for (const channel of this.messageHandlers.keys()) {
      const subscription = client.subscribe(this.ns.subject(channel), {
        queue: this.queue,
        callback: this.getMessageHandler(channel).bind(this),
      });
      this.ownSubscriptions.push(subscription);
    }
  }

  /**
   * A subscribed channel is its own route. Nest first tries every pattern as JSON, which for a subject throws and
   * builds a SyntaxError on each message (2% of a service's CPU in the read mix's profile); any other pattern goes
   * that way still.
   */
  override getRouteFromPattern(pattern: string): string {
    return this.messageHandlers.has(pattern) ? pattern : super.getRouteFromPattern(pattern);
  }

  /**
   * Stops taking new requests (the queue group's other replicas get them), waits until the requests in hand
   * have answered, flushes the answers, then closes the connection.
   */
  override async close(): Promise<void> {
    this.ownSubscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    await rpcInFlight.drained(DRAIN_TIMEOUT_MS);
    await this.client?.flush().catch(() => undefined);
    await super.close();
  }
}
