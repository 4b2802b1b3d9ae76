import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Socket } from 'node:net';
import { LoopBatchedTransport, openNats } from './nats.connection';

// Real NATS; subjects of this suite's own.
const SUITE = process.env.MESSAGING_NAMESPACE!;

/** The socket under a connection's transport (nats.js keeps it on its protocol handler). */
function transportOf(nc: NatsConnection): { socket: Socket } {
  return (nc as unknown as { protocol: { transport: { socket: Socket } } }).protocol.transport;
}

/** Counts the writes the socket hands to the system from now on, one call of `_write` or `_writev` each. */
function countWrites(socket: Socket): { count: () => number } {
  let writes = 0;
  const internals = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  for (const method of ['_write', '_writev'] as const) {
    const original = internals[method].bind(socket);
    internals[method] = (...args: unknown[]) => {
      writes += 1;
      return original(...args);
    };
  }
  return { count: () => writes };
}

/** The next `n` messages of a subscription, as text. */
async function received(subscription: Subscription, n: number): Promise<string[]> {
  const texts: string[] = [];
  for await (const message of subscription) {
    texts.push(message.string());
    if (texts.length === n) break;
  }
  return texts;
}

describe('openNats (real NATS)', () => {
  let listener: NatsConnection;

  beforeAll(async () => {
    listener = await connect({ servers: process.env.NATS_URL });
  });

  afterAll(async () => {
    await listener.close();
  });

  it('should send what the callbacks of one turn of the event loop publish in one write, in order', async () => {
    const nc = await openNats({ servers: process.env.NATS_URL });
    try {
      expect(transportOf(nc)).toBeInstanceOf(LoopBatchedTransport);
      const subject = `${SUITE}.batched.turn`;
      const subscription = listener.subscribe(subject);
      await listener.flush();
      const writes = countWrites(transportOf(nc).socket);
      // Twenty callbacks of one phase of the loop, each with its own microtasks: the way a service answers twenty
      // PostgreSQL results that arrived together. Plain nats.js writes twenty times.
      await new Promise<void>((resolve) => {
        for (let index = 0; index < 20; index += 1) setImmediate(() => nc.publish(subject, String(index)));
        setImmediate(() => setImmediate(resolve));
      });
      expect(writes.count()).toBe(1);
      expect(await received(subscription, 20)).toEqual(Array.from({ length: 20 }, (_, index) => String(index)));
    } finally {
      await nc.close();
    }
  });

  it('should answer a request from an idle connection at once', async () => {
    const subject = `${SUITE}.batched.echo`;
    const responder = listener.subscribe(subject, { callback: (_error, message) => void message.respond(message.data) });
    await listener.flush();
    const nc = await openNats({ servers: process.env.NATS_URL });
    try {
      const answer = await nc.request(subject, 'ping', { timeout: 1000 });
      expect(answer.string()).toBe('ping');
    } finally {
      responder.unsubscribe();
      await nc.close();
    }
  });

  it('should write what it holds before a close destroys its socket', async () => {
    const subject = `${SUITE}.batched.closing`;
    const subscription = listener.subscribe(subject);
    await listener.flush();
    const nc = await openNats({ servers: process.env.NATS_URL });
    for (let index = 0; index < 5; index += 1) nc.publish(subject, String(index));
    // nats.js hands the publications to its transport in a microtask, which has run once this await resumes; a
    // plain transport has written them by then, and its close (which writes nothing more) loses none.
    await Promise.resolve();
    await nc.close();
    expect(await received(subscription, 5)).toEqual(['0', '1', '2', '3', '4']);
  });
});
