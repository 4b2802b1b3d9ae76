/**
 * The NATS headers Saleswire reads or writes on stream messages and requests, in one place: operators look for
 * them in `nats stream view`, and tests assert on them. The correlation header lives in libs/observability,
 * beside the HTTP side of the same id.
 */

/** JetStream drops a publish whose id it stored within the stream's duplicate window: the outbox sets the event id. */
export const MSG_ID_HEADER = 'Nats-Msg-Id';

/** Why a message was moved to DEAD_LETTERS (invalid payload, or the handler's last error). */
export const DEAD_LETTER_REASON_HEADER = 'x-dead-letter-reason';

/** The subject a dead letter was consumed from, without namespace: republish there to retry it. */
export const ORIGINAL_SUBJECT_HEADER = 'x-original-subject';

/** How many times the message had been delivered when it was dead-lettered. */
export const DELIVERIES_HEADER = 'x-deliveries';

// Request/reply headers of a command (ADR 0010): the HTTP write's idempotency key travels with the one request
// that makes its change, and a reply answered from an earlier attempt says so.

/** The client's `Idempotency-Key` of the write this command makes. */
export const REQUEST_KEY_HEADER = 'Saleswire-Request-Key';

/** Whose key it is: the principal that sent the write (keys are per caller). */
export const REQUEST_PRINCIPAL_HEADER = 'Saleswire-Request-Principal';

/** sha256 of the HTTP request (method, path, canonical body): the same key with another request is a 409. */
export const REQUEST_FINGERPRINT_HEADER = 'Saleswire-Request-Fingerprint';

/** On a reply: `true` when it is the stored reply of an earlier attempt with the same key. */
export const REPLAYED_HEADER = 'Saleswire-Replayed';
