import { NoRespondersError, type Msg, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { MSG_ID_HEADER } from './message-headers';
import { ReplyInbox } from './reply-inbox';

/** One message to store in a stream: its subject, body, headers and the id JetStream de-duplicates it by. */
export interface StreamMessage {
  subject: string;
  body: string;
  msgId: string;
  headers: MsgHdrs;
}

/**
 * Publishes to JetStream in windows: every message of a window goes out in one go with its reply subject on one
 * inbox subscription (`ReplyInbox`), and the window waits for all the acknowledgements (or its deadline) together.
 * `JetStreamClient.publish` is a request per message, each with its own reply mux entry, timer and two Error
 * objects; at 200,000 events that was ~37 µs of CPU a message against ~13 µs here.
 */
export class JetStreamPublisher {
  private readonly inbox: ReplyInbox;

  constructor(private readonly nc: NatsConnection) {
    this.inbox = new ReplyInbox(nc);
  }

  /**
   * Publishes the messages and answers, in their order, whether JetStream stored each (a repeat of a stored
   * `msgId` counts as stored). A message without an answer within `timeoutMs` fails with a timeout.
   */
  async publishAll(messages: StreamMessage[], timeoutMs: number): Promise<PromiseSettledResult<void>[]> {
    const keys: string[] = [];
    const answers = messages.map((message) => {
      const { key, reply, answer } = this.inbox.expect(message.subject);
      keys.push(key);
      message.headers.set(MSG_ID_HEADER, message.msgId);
      try {
        this.nc.publish(message.subject, message.body, { reply, headers: message.headers });
      } catch (error) {
        this.inbox.fail(key, error as Error);
      }
      return answer.then(acknowledged, refused);
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled(answers), deadline]);
    clearTimeout(timer);
    for (const key of keys) this.inbox.fail(key, new Error(`no acknowledgement from JetStream within ${timeoutMs} ms`));
    return Promise.allSettled(answers);
  }

  close(): void {
    this.inbox.close(new Error('publisher closed'));
  }
}

/** JetStream's answer to a publish: stored, or the reason it was not. */
function acknowledged(msg: Msg): void {
  let ack: { error?: { code: number; description: string } };
  try {
    ack = msg.json();
  } catch {
    throw new Error('JetStream answered with something that is not a publish acknowledgement');
  }
  if (ack.error) throw new Error(`JetStream refused the message: ${ack.error.code} ${ack.error.description}`);
}

function refused(error: Error): never {
  throw error instanceof NoRespondersError ? new Error('no stream listens on the subject (503)') : error;
}
