import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { MSG_ID_HEADER } from './message-headers';

/** One message to store in a stream: its subject, body, headers and the id JetStream de-duplicates it by. */
export interface StreamMessage {
  subject: string;
  body: string;
  msgId: string;
  headers: MsgHdrs;
}

interface Waiting {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Publishes to JetStream in windows: every message of a window goes out in one go with its reply subject on one
 * inbox subscription, and the window waits for all the acknowledgements (or its deadline) together.
 * `JetStreamClient.publish` is a request per message, each with its own reply mux entry, timer and two Error
 * objects; at 200,000 events that was ~37 µs of CPU a message against ~13 µs here.
 */
export class JetStreamPublisher {
  private readonly inbox = createInbox();
  private readonly waiting = new Map<string, Waiting>();
  private readonly subscription: Subscription;
  private next = 0;

  constructor(private readonly nc: NatsConnection) {
    this.subscription = nc.subscribe(`${this.inbox}.*`, { callback: (error, msg) => (error ? undefined : this.settle(msg)) });
  }

  /**
   * Publishes the messages and answers, in their order, whether JetStream stored each (a repeat of a stored
   * `msgId` counts as stored). A message without an answer within `timeoutMs` fails with a timeout.
   */
  async publishAll(messages: StreamMessage[], timeoutMs: number): Promise<PromiseSettledResult<void>[]> {
    const keys: string[] = [];
    const answers = messages.map((message) => {
      const key = String(this.next++);
      keys.push(key);
      message.headers.set(MSG_ID_HEADER, message.msgId);
      const answer = new Promise<void>((resolve, reject) => this.waiting.set(key, { resolve, reject }));
      try {
        this.nc.publish(message.subject, message.body, { reply: `${this.inbox}.${key}`, headers: message.headers });
      } catch (error) {
        this.fail(key, error as Error);
      }
      return answer;
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled(answers), deadline]);
    clearTimeout(timer);
    for (const key of keys) this.fail(key, new Error(`no acknowledgement from JetStream within ${timeoutMs} ms`));
    return Promise.allSettled(answers);
  }

  close(): void {
    this.subscription.unsubscribe();
    for (const key of [...this.waiting.keys()]) this.fail(key, new Error('publisher closed'));
  }

  private settle(msg: Msg): void {
    const key = msg.subject.slice(this.inbox.length + 1);
    const waiting = this.waiting.get(key);
    if (!waiting) return; // answered after its deadline
    this.waiting.delete(key);
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      waiting.reject(new Error(`no stream listens on the subject (503)`));
      return;
    }
    try {
      const ack = msg.json<{ error?: { code: number; description: string } }>();
      if (ack.error) waiting.reject(new Error(`JetStream refused the message: ${ack.error.code} ${ack.error.description}`));
      else waiting.resolve();
    } catch {
      waiting.reject(new Error('JetStream answered with something that is not a publish acknowledgement'));
    }
  }

  private fail(key: string, error: Error): void {
    const waiting = this.waiting.get(key);
    if (!waiting) return;
    this.waiting.delete(key);
    waiting.reject(error);
  }
}
