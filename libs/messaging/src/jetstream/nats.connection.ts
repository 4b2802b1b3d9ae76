import { connect, type NatsConnection } from '@nats-io/transport-node';

/** How every connection of a service behaves, whether it is its own or one that Nest's transport opens. */
export const NATS_CONNECTION_OPTIONS = {
  // A broker outage must never end the process: keep reconnecting for ever.
  maxReconnectAttempts: -1,
  reconnectTimeWait: 500,
  // Otherwise every request and JetStream publish builds two Error objects with stack traces up front, in
  // case it fails: 11 s of the leads service's CPU while relaying an import's 200,000 events.
  noAsyncTraces: true,
} as const;

/** Connects to NATS for the service's own use (JetStream, the relay, the consumers). */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url.split(','), name, waitOnFirstConnect: false, ...NATS_CONNECTION_OPTIONS });
}
