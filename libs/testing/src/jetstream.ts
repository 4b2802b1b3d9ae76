import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { streamOf, type EventEnvelope, type ProducerContext } from '@saleswire/contracts';
import { suiteNamespace } from './suite';

/** A producer's side of JetStream for tests: provisions the suite's stream and publishes envelopes into it. */
export class TestProducer {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
  ) {}

  static async connect(): Promise<TestProducer> {
    const nc = await connect({ servers: process.env.NATS_URL });
    return new TestProducer(nc, jetstream(nc), await jetstreamManager(nc));
  }

  subject(subject: string): string {
    return `${suiteNamespace()}.${subject}`;
  }

  stream(name: string): string {
    return `${suiteNamespace()}_${name}`;
  }

  /** Creates the producer's stream in this suite's namespace, as its owner would. */
  async provision(producer: ProducerContext): Promise<void> {
    const stream = streamOf(producer);
    await this.jsm.streams.add({ name: this.stream(stream.name), subjects: stream.subjects.map((s) => this.subject(s)) });
  }

  /** Publishes an envelope as the outbox relay does; `msgId` defaults to the event id. */
  async publish(subject: string, envelope: EventEnvelope<object> | object, msgId?: string): Promise<void> {
    const headers = natsHeaders();
    await this.js.publish(this.subject(subject), JSON.stringify(envelope), {
      msgID: msgId ?? (envelope as EventEnvelope).eventId,
      headers,
    });
  }

  /** Every message stored in a stream of this suite, oldest first. */
  async messages(streamName: string): Promise<Array<{ subject: string; data: string; headers: Record<string, string> }>> {
    const name = this.stream(streamName);
    const info = await this.jsm.streams.info(name);
    const out: Array<{ subject: string; data: string; headers: Record<string, string> }> = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await this.jsm.streams.getMessage(name, { seq });
      if (!message) continue;
      const headers: Record<string, string> = {};
      for (const key of message.header?.keys() ?? []) headers[key.toLowerCase()] = message.header.get(key);
      out.push({ subject: message.subject, data: message.string(), headers });
    }
    return out;
  }

  /** How many messages the stream holds on each subject (without the namespace), read from the server's state. */
  async countBySubject(streamName: string): Promise<Record<string, number>> {
    const info = await this.jsm.streams.info(this.stream(streamName), { subjects_filter: '>' });
    const counts: Record<string, number> = {};
    for (const [subject, n] of Object.entries(info.state.subjects ?? {})) counts[subject.slice(subject.indexOf('evt.'))] = n;
    return counts;
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}
