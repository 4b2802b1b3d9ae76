import type { Logger } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { isUuid } from '@saleswire/contracts';
import { Namespace } from '@saleswire/messaging';

/** How long a replica waits to hear its own message back before it answers anyway. */
const ECHO_WAIT_MS = 500;

/**
 * Tells every gateway replica, over core NATS, that something about a record (an API key, a user) changed, so
 * each drops what it keeps about it. Not a contract: only gateways listen, and a missed message is made good
 * by the listener's cache TTL. `tell` resolves once this replica heard its own message back: NATS has then
 * handed it to every replica's connection.
 */
export class ReplicaBroadcast {
  private readonly subject: string;
  private readonly echoes = new Map<string, Array<() => void>>();
  private subscription?: Subscription;

  constructor(
    private readonly nc: NatsConnection,
    subject: string,
    namespace: string,
    private readonly heard: (id: string) => void,
  ) {
    this.subject = new Namespace(namespace).subject(subject);
  }

  start(): void {
    this.subscription = this.nc.subscribe(this.subject, {
      callback: (error, message) => {
        const id = error ? '' : message.string();
        if (!isUuid(id)) return;
        this.heard(id);
        for (const echo of this.echoes.get(id) ?? []) echo();
        this.echoes.delete(id);
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }

  /** Publishes the id; answers whether it came back within ECHO_WAIT_MS (false: NATS is away, logged). */
  async tell(id: string, logger: Logger, what: string): Promise<boolean> {
    const echoed = new Promise<boolean>((resolve) => {
      const waiting = this.echoes.get(id) ?? [];
      waiting.push(() => resolve(true));
      this.echoes.set(id, waiting);
      setTimeout(() => resolve(false), ECHO_WAIT_MS).unref();
    });
    try {
      this.nc.publish(this.subject, id);
    } catch {
      // A closed connection: the others learn it within their cache's TTL.
    }
    const heard = await echoed;
    if (!heard) {
      this.echoes.delete(id);
      logger.warn({ msg: `could not tell the other replicas ${what}; they learn it within the cache TTL`, id });
    }
    return heard;
  }
}
