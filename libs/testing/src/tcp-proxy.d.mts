// Types of tcp-proxy.mjs for the TypeScript that imports it; the tools run the JavaScript as is.

/**
 * A TCP proxy between a service and a dependency that a test can cut and restore, to simulate an outage
 * of NATS or PostgreSQL without stopping the shared server.
 */
export class TcpProxy {
  /** The port it listens on, on 127.0.0.1: 0 until `start` picked a free one, then kept across `cut`s. */
  port: number;
  constructor(targetHost: string, targetPort: number);
  /** Starts listening (on the same port as before after a `cut`). */
  start(): Promise<void>;
  /** Drops every connection and refuses new ones until `start` is called again. */
  cut(): Promise<void>;
  stop(): Promise<void>;
}
