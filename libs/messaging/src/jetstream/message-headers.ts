/**
 * The NATS headers Saleswire reads or writes on stream messages, in one place: operators look for them in
 * `nats stream view`, and tests assert on them. The correlation header lives in libs/observability, beside the
 * HTTP side of the same id.
 */

/** JetStream drops a publish whose id it stored within the stream's duplicate window: the outbox sets the event id. */
export const MSG_ID_HEADER = 'Nats-Msg-Id';

/** Why a message was moved to DEAD_LETTERS (invalid payload, or the handler's last error). */
export const DEAD_LETTER_REASON_HEADER = 'x-dead-letter-reason';

/** The subject a dead letter was consumed from, without namespace: republish there to retry it. */
export const ORIGINAL_SUBJECT_HEADER = 'x-original-subject';

/** How many times the message had been delivered when it was dead-lettered. */
export const DELIVERIES_HEADER = 'x-deliveries';
