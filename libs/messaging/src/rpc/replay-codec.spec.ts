import { headers as natsHeaders, type Msg } from '@nats-io/transport-node';
import type { WritePacket } from '@nestjs/microservices';
import { REPLAYED_HEADER } from '../jetstream/message-headers';
import { ReplayedReply } from '../request-key/request-key';
import { answerText, ReplyDeserializer, ReplySerializer } from './replay-codec';

const ID = '5f0c8a4e-1d2b-4c3a-9e8f-7a6b5c4d3e2f';

/** A reply as the caller's connection hands it over: its bytes and headers (nats.js's `Msg`, the parts read here). */
function reply({ data, headers }: { data: string; headers: ReturnType<typeof natsHeaders> | undefined }): Msg {
  const bytes = new TextEncoder().encode(data);
  return { data: bytes, headers, string: () => data, json: () => JSON.parse(data) as unknown } as unknown as Msg;
}

describe('the reply codec', () => {
  const serializer = new ReplySerializer();
  const answer = { items: [{ ownerId: 'a', revenue: [{ currency: 'EUR', amount: 12.5 }], note: 'a "quoted", text}' }], dataAsOf: null };

  it('should write a whole answer first and its id last, so that its text is read without parsing, and parse the same', () => {
    const written = serializer.serialize({ response: answer, isDisposed: true, id: ID } as WritePacket);
    expect(written.headers).toBeUndefined();
    expect(JSON.parse(written.data)).toEqual({ response: answer, isDisposed: true, id: ID });
    expect(answerText(reply(written), ID)).toBe(JSON.stringify(answer));
    expect(new ReplyDeserializer().deserialize(reply(written))).toMatchObject({ response: answer, isDisposed: true });
  });

  it.each<[string, object]>([
    ['an error', { err: { status: 404, title: 'Not found' }, isDisposed: true, id: ID }],
    ['a packet that is not disposed yet', { response: answer, id: ID }],
    ['a packet with a field besides', { response: answer, isDisposed: true, status: 'error', id: ID }],
    ['an answer of nothing', { response: undefined, isDisposed: true, id: ID }],
  ])('should write %s as the packet it is, whose text is not taken for an answer', (_case, packet) => {
    const written = serializer.serialize(packet as WritePacket);
    expect(written.data).toBe(JSON.stringify(packet));
    expect(answerText(reply(written), ID)).toBeUndefined();
  });

  it("should not take another request's reply for this one's answer", () => {
    const written = serializer.serialize({ response: answer, isDisposed: true, id: ID } as WritePacket);
    expect(answerText(reply(written), ID.replace('5f0c', '6f0c'))).toBeUndefined();
  });

  it('should leave a replayed answer to the packet reader, which marks it replayed', () => {
    const written = serializer.serialize({ response: new ReplayedReply(answer), isDisposed: true, id: ID } as WritePacket);
    expect(written.headers?.get(REPLAYED_HEADER)).toBe('true');
    expect(JSON.parse(written.data)).toEqual({ response: answer, isDisposed: true, id: ID });
    expect(answerText(reply(written), ID)).toBeUndefined();
    const read = new ReplyDeserializer().deserialize(reply(written));
    expect(read.response).toBeInstanceOf(ReplayedReply);
    expect((read.response as ReplayedReply).value).toEqual(answer);
  });
});
