import { NatsConnectionImpl, setTransportFactory, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import { NodeTransport, nodeResolveHost } from '@nats-io/transport-node/lib/node_transport';
import { TurnCork } from '@saleswire/database';

/** How every connection of a service behaves, whether it is its own or one that Nest's transport opens. */
export const NATS_CONNECTION_OPTIONS = {
  // A broker outage must never end the process: keep reconnecting for ever.
  maxReconnectAttempts: -1,
  reconnectTimeWait: 500,
  // Otherwise every request and JetStream publish builds two Error objects with stack traces up front, in
  // case it fails: 11 s of the leads service's CPU while relaying an import's 200,000 events.
  noAsyncTraces: true,
} as const;

/**
 * nats.js's socket transport, writing what is sent during one turn of the event loop in one write (ADR 0027).
 *
 * nats.js gathers the protocol messages of one synchronous run and its microtasks into a write. A service under load
 * runs many such callbacks in one turn of the loop — one for each socket with something to read: PostgreSQL
 * answering several pooled connections, HTTP requests on several keep-alive connections — and each sent its own
 * write, a system call that wakes nats-server. `TurnCork` holds them for one.
 */
export class LoopBatchedTransport extends NodeTransport {
  private readonly turn = new TurnCork();

  override send(frame: Uint8Array): void {
    if (this.socket && !this.isClosed) this.turn.hold(this.socket);
    super.send(frame);
  }

  /** nats.js's `close` destroys the socket without writing what it holds: what was sent leaves first, as unbatched. */
  override close(error?: Error): Promise<void> {
    this.turn.release(this.socket);
    return super.close(error);
  }
}

const loopBatched = { factory: () => new LoopBatchedTransport(), dnsResolveFn: nodeResolveHost };

/**
 * Connects as `@nats-io/transport-node`'s `connect` does, over `LoopBatchedTransport`. nats.js keeps one transport
 * factory for the process and that `connect` sets its own, so every connection of the platform opens through this
 * one (Nest's transport too: `NamespacedNatsServer.createNatsClient`); a reconnection made after some other code
 * called that `connect` would write plainly, which changes how often it writes, not what.
 */
export function openNats(options: ConnectionOptions): Promise<NatsConnection> {
  setTransportFactory(loopBatched);
  return NatsConnectionImpl.connect(options);
}

/** Connects to NATS for the service's own use (JetStream, the relay, the consumers). */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return openNats({ servers: url.split(','), name, waitOnFirstConnect: false, ...NATS_CONNECTION_OPTIONS });
}
