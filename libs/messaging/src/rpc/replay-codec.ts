import { NatsResponseJSONDeserializer, type IncomingResponse, type Serializer, type WritePacket } from '@nestjs/microservices';
import { headers as natsHeaders, type Msg } from '@nats-io/transport-node';
import { REPLAYED_HEADER } from '../jetstream/message-headers';
import { ReplayedReply } from '../request-key/request-key';

/**
 * The service's reply serializer: what Nest's NATS serializer writes for a server's packets (the packet as JSON,
 * no headers), except that a `ReplayedReply` goes out as its value with `Saleswire-Replayed: true`, so the reply
 * body is the same bytes whether it is answered the first time or replayed.
 */
export class ReplySerializer implements Serializer<WritePacket, { data: string; headers: ReturnType<typeof natsHeaders> | undefined }> {
  serialize(packet: WritePacket): { data: string; headers: ReturnType<typeof natsHeaders> | undefined } {
    if (packet?.response instanceof ReplayedReply) {
      const headers = natsHeaders();
      headers.set(REPLAYED_HEADER, 'true');
      return { data: JSON.stringify({ ...packet, response: packet.response.value }), headers };
    }
    return { data: JSON.stringify(packet), headers: undefined };
  }
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
