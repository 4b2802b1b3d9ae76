import type { JsMsg } from '@nats-io/jetstream';
import { EventEnvelopeSchema, type EventContract, type EventEnvelope } from '@saleswire/contracts';
import { validateContract } from '../validation/validate-contract';

/**
 * Why an event went to the dead letters, as a label an operator alerts on (`saleswire_dead_letters_total`); the
 * letter's header carries the whole reason.
 */
export type DeadLetterKind = 'not_json' | 'invalid_envelope' | 'invalid_payload' | 'too_many_deliveries' | 'handler_failed' | 'stopped_during_fault';

/** Why a message belongs in the dead letters: its kind and the reason in words. */
export interface DeadLetterReason {
  kind: DeadLetterKind;
  reason: string;
}

/** A message as a validated event, or why it belongs in the dead letters. */
export type CheckedEvent = { event: EventEnvelope<object> } | DeadLetterReason;

/**
 * Parses a message and validates its envelope and its payload against the contract; extra fields are allowed
 * (a producer may add fields within a version). A message past `maxDeliver` deliveries is refused too: its
 * handler kept failing without even a nak (a crash, or ack_wait running out).
 */
export function validateEvent(message: JsMsg, contract: EventContract, maxDeliver: number): CheckedEvent {
  let raw: unknown;
  try {
    raw = message.json();
  } catch {
    return { kind: 'not_json', reason: 'message is not JSON' };
  }
  const envelope = validateContract(EventEnvelopeSchema, raw, { allowUnknown: true });
  if (!envelope.ok) return { kind: 'invalid_envelope', reason: `invalid envelope: ${describe(envelope.errors)}` };
  const payload = validateContract(contract.payload, envelope.value.payload, { allowUnknown: true });
  if (!payload.ok) return { kind: 'invalid_payload', reason: `invalid payload: ${describe(payload.errors)}` };
  if (message.info.deliveryCount > maxDeliver) {
    return { kind: 'too_many_deliveries', reason: 'delivered too many times without an acknowledgement' };
  }
  return { event: { ...(raw as EventEnvelope<object>), payload: payload.value } };
}

function describe(errors: { field: string; message: string }[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}
