// A TCP proxy that a test, or the chaos suite (tools/chaos), puts between an app and PostgreSQL or NATS to cut
// its connection and restore it, without stopping a server others use. JavaScript, typed by tcp-proxy.d.mts,
// for the same reason as processes.mjs: the tools run on plain Node without a TypeScript step.
import net from 'node:net';

const LOOPBACK = '127.0.0.1';

/**
 * A TCP proxy between a service and a dependency that a test can cut and restore, to simulate an outage
 * of NATS or PostgreSQL without stopping the shared server.
 */
export class TcpProxy {
  server = undefined;
  sockets = new Set();
  port = 0;

  constructor(targetHost, targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Starts listening (on the same port as before after a `cut`). */
  async start() {
    if (this.server) return;
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, LOOPBACK, () => resolve());
    });
    this.port = this.server.address().port;
  }

  /** Drops every connection and refuses new ones until `start` is called again. */
  async cut() {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  async stop() {
    await this.cut();
  }
}
