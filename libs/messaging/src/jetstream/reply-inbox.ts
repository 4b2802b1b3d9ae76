import { createInbox, NoRespondersError, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';

interface Waiting {
  subject: string;
  resolve: (msg: Msg) => void;
  reject: (error: Error) => void;
}

/**
 * The replies to requests sent over one connection, all on one inbox subscription (`<inbox>.<key>`): a request
 * takes a reply subject and a promise of its reply, which settles with the reply, with nats.js's
 * `NoRespondersError` when the server says nobody listens on the request's subject, or with the error its sender fails it with (its deadline). nats.js's own
 * request does the same with a mux entry, a timer and a deferred per request, and builds a `RequestError` for
 * every reply, even a good one (its `cancel()` after the answer): one JetStream publish cost ~37 µs of CPU that
 * way against ~13 here, and the error was 1–1.6 % of the gateway's profile (docs/benchmarks.md).
 */
export class ReplyInbox {
  private readonly prefix = createInbox();
  private readonly waiting = new Map<string, Waiting>();
  private readonly subscription: Subscription;
  private next = 0;

  constructor(nc: NatsConnection) {
    this.subscription = nc.subscribe(`${this.prefix}.*`, { callback: (error, msg) => (error ? undefined : this.settle(msg)) });
  }

  /** A new reply subject for a request to `subject` and the promise of the reply to it; `fail(key)` ends the wait. */
  expect(subject: string): { key: string; reply: string; answer: Promise<Msg> } {
    const key = String(this.next++);
    const answer = new Promise<Msg>((resolve, reject) => this.waiting.set(key, { subject, resolve, reject }));
    return { key, reply: `${this.prefix}.${key}`, answer };
  }

  /** Fails the wait for a reply, unless it was answered already (a reply after this is dropped). */
  fail(key: string, error: Error): void {
    const waiting = this.waiting.get(key);
    if (!waiting) return;
    this.waiting.delete(key);
    waiting.reject(error);
  }

  /** Stops listening and fails every wait still open with `error`. */
  close(error: Error): void {
    this.subscription.unsubscribe();
    for (const key of [...this.waiting.keys()]) this.fail(key, error);
  }

  private settle(msg: Msg): void {
    const key = msg.subject.slice(this.prefix.length + 1);
    const waiting = this.waiting.get(key);
    if (!waiting) return; // answered after its deadline
    this.waiting.delete(key);
    if (msg.data.length === 0 && msg.headers?.code === 503) waiting.reject(new NoRespondersError(waiting.subject));
    else waiting.resolve(msg);
  }
}
