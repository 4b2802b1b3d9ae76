import { NatsResponseJSONDeserializer, type IncomingResponse, type Serializer, type WritePacket } from '@nestjs/microservices';
import { headers as natsHeaders, type Msg } from '@nats-io/transport-node';
import { REPLAYED_HEADER } from '../jetstream/message-headers';
import { ReplayedReply } from '../request-key/request-key';

/** How a reply that is a whole answer begins: its answer comes first (`answerText`). */
const ANSWER_START = '{"response":';
/** How it ends, after its answer: the packet's last fields, its request's id last. */
const answerEnd = (id: string): string => `,"isDisposed":true,"id":${JSON.stringify(id)}}`;

/**
 * The service's reply serializer: what Nest's NATS serializer writes for a server's packets (the packet as JSON,
 * no headers), except that a `ReplayedReply` goes out as its value with `Saleswire-Replayed: true`, so the reply
 * body is the same bytes whether it is answered the first time or replayed. A whole answer (the one packet Nest
 * sends for a handler's value: `response`, `isDisposed`, `id`) is laid out with its answer first and its id last,
 * so that a caller passing the answer on as it is can take its text without parsing it (`answerText`).
 */
export class ReplySerializer implements Serializer<WritePacket, { data: string; headers: ReturnType<typeof natsHeaders> | undefined }> {
  serialize(packet: WritePacket): { data: string; headers: ReturnType<typeof natsHeaders> | undefined } {
    const replayed = packet?.response instanceof ReplayedReply;
    const response: unknown = replayed ? (packet.response as ReplayedReply).value : packet?.response;
    const headers = replayed ? natsHeaders() : undefined;
    headers?.set(REPLAYED_HEADER, 'true');
    const id = (packet as { id?: unknown } | undefined)?.id;
    const whole = packet?.isDisposed === true && typeof id === 'string' && Object.keys(packet).every((key) => key === 'response' || key === 'isDisposed' || key === 'id');
    const answer = whole ? JSON.stringify(response) : undefined;
    if (answer !== undefined) return { data: `${ANSWER_START}${answer}${answerEnd(id as string)}`, headers };
    return { data: JSON.stringify(replayed ? { ...packet, response } : packet), headers };
  }
}

/**
 * The JSON text of the answer a reply carries, as the service wrote it, when the reply is a whole answer to the
 * request of `id` laid out by `ReplySerializer`; undefined for anything else (an error, a replayed command's answer,
 * another layout), which the caller then reads as a packet.
 */
export function answerText(message: Msg, id: string): string | undefined {
  if (message.headers?.get(REPLAYED_HEADER) === 'true') return undefined;
  const text = message.string();
  const end = answerEnd(id);
  if (!text.startsWith(ANSWER_START) || !text.endsWith(end) || text.length <= ANSWER_START.length + end.length) return undefined;
  return text.slice(ANSWER_START.length, text.length - end.length);
}

/**
 * An answer's JSON text passed on as the service wrote it (`RpcClient.sendJson`), typed by the answer it holds: the
 * gateway writes it as the HTTP answer's body without parsing it and writing it again (`installJsonText`).
 */
export class JsonText<T> {
  /** The answer's type, for the OpenAPI document's generator (tools/openapi-answers.mjs); never set. */
  declare readonly answer?: T;

  constructor(readonly text: string) {}
}

/** The caller's reply deserializer: Nest's, with a reply marked `Saleswire-Replayed` handed on as a `ReplayedReply`. */
export class ReplyDeserializer extends NatsResponseJSONDeserializer {
  override deserialize(message: Msg, options?: Record<string, unknown>): IncomingResponse {
    // Nest's NATS response deserializer parses synchronously (`msg.json()`).
    const packet = super.deserialize(message, options) as IncomingResponse;
    if (message.headers?.get(REPLAYED_HEADER) === 'true' && packet.response !== undefined) {
      return { ...packet, response: new ReplayedReply(packet.response) };
    }
    return packet;
  }
}
