import type { Logger } from '@nestjs/common';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { Metrics } from '@saleswire/observability';
import { DEAD_LETTER_REASON_HEADER, DELIVERIES_HEADER, ORIGINAL_SUBJECT_HEADER } from '../jetstream/message-headers';
import type { Namespace } from '../messaging.config';
import type { DeadLetterReason } from './event.validator';

/** Moves messages a consumer cannot apply to `DEAD_LETTERS`, with the reason, and stops their redelivery. */
export class DeadLetterPublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly ns: Namespace,
    /** The consumer's name: its letters go to `dlq.<consumer>.<subject>`. */
    private readonly consumer: string,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  /**
   * Copies the message with the reason, original subject and delivery count, then terminates it. If the copy
   * cannot be stored the message is nak'ed instead, so it is neither lost nor acknowledged.
   */
  async send(message: JsMsg, subject: string, { kind, reason }: DeadLetterReason): Promise<void> {
    const headers = natsHeaders();
    headers.set(DEAD_LETTER_REASON_HEADER, reason.slice(0, 1024));
    headers.set(ORIGINAL_SUBJECT_HEADER, subject);
    headers.set(DELIVERIES_HEADER, String(message.info.deliveryCount));
    try {
      await this.js.publish(this.ns.subject(`dlq.${this.consumer}.${subject}`), message.data, {
        headers,
        // One copy per stream message, however often its dead-lettering is retried.
        msgID: `${this.consumer}:${message.info.stream}:${message.seq}`,
      });
      // No reason on the TERM: nats-server 2.9 ignores `+TERM <reason>`, so the message would stay unacknowledged
      // and come back after ack_wait. The reason travels in the dead letter's header.
      message.term();
      this.metrics.eventsConsumed.inc({ subject, outcome: 'dead_lettered' });
      this.metrics.deadLetters.inc({ subject, kind });
      this.logger.error({ msg: 'event moved to dead letters', subject, kind, reason, seq: message.seq });
    } catch (error) {
      this.logger.warn({ msg: 'dead-letter publish failed; will retry', subject, error: (error as Error).message });
      message.nak(1000);
    }
  }
}
