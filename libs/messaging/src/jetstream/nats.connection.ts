import { connect, type NatsConnection } from '@nats-io/transport-node';

/** Connects to NATS and keeps reconnecting for ever: a broker outage must never end the process. */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: false,
  });
}
