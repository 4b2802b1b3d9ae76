import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { JetStreamPublisher, type StreamMessage } from './jetstream.publisher';
import { MSG_ID_HEADER } from './message-headers';

// Real NATS with JetStream; a stream of this suite's own.
const SUITE = process.env.MESSAGING_NAMESPACE!;
const STREAM = `${SUITE}_PUBLISHER`;

describe('JetStreamPublisher (real JetStream)', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let publisher: JetStreamPublisher;

  const message = (subject: string, msgId = randomUUID()): StreamMessage => ({ subject, body: JSON.stringify({ msgId }), msgId, headers: headers() });
  const stored = async (): Promise<number> => (await jsm.streams.info(STREAM)).state.messages;

  beforeAll(async () => {
    nc = await connect({ servers: process.env.NATS_URL });
    jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: STREAM, subjects: [`${SUITE}.pub.>`] });
    publisher = new JetStreamPublisher(nc);
  });

  afterAll(async () => {
    publisher.close();
    await jsm.streams.delete(STREAM);
    await nc.close();
  });

  it('should store every message of a window and answer each as stored, in order', async () => {
    const before = await stored();
    const window = Array.from({ length: 300 }, () => message(`${SUITE}.pub.a`));
    const results = await publisher.publishAll(window, 5000);
    expect(results.map((r) => r.status)).toEqual(window.map(() => 'fulfilled'));
    expect((await stored()) - before).toBe(300);
    const last = await jsm.streams.getMessage(STREAM, { last_by_subj: `${SUITE}.pub.a` });
    expect(last?.header.get(MSG_ID_HEADER)).toBe(window[299].msgId);
  });

  it('should count a repeated message id as stored without storing it twice', async () => {
    const before = await stored();
    const msgId = randomUUID();
    const results = await publisher.publishAll([message(`${SUITE}.pub.b`, msgId), message(`${SUITE}.pub.b`, msgId)], 5000);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((await stored()) - before).toBe(1);
  });

  it('should fail the message no stream listens for, and only that one', async () => {
    const results = await publisher.publishAll([message(`${SUITE}.pub.c`), message(`${SUITE}.nowhere.c`), message(`${SUITE}.pub.c`)], 5000);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('no stream listens on the subject (503)'));
  });

  it('should fail, at its deadline, a message nobody answers', async () => {
    // A plain subscriber on the subject swallows the message without answering: no stream, no 503.
    const silent = nc.subscribe(`${SUITE}.silent`);
    try {
      const started = Date.now();
      const [result] = await publisher.publishAll([message(`${SUITE}.silent`)], 300);
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toEqual(new Error('no acknowledgement from JetStream within 300 ms'));
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      silent.unsubscribe();
    }
  });
});
