import type { JsMsg } from '@nats-io/jetstream';
import { EventEnvelopeSchema, type EventContract, type EventEnvelope } from '@saleswire/contracts';
import { validateContract } from '../validation/validate-contract';

/** A message as a validated event, or why it belongs in the dead letters. */
export type CheckedEvent = { event: EventEnvelope<object> } | { reason: string };

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
    return { reason: 'message is not JSON' };
  }
  const envelope = validateContract(EventEnvelopeSchema, raw, { allowUnknown: true });
  if (!envelope.ok) return { reason: `invalid envelope: ${describe(envelope.errors)}` };
  const payload = validateContract(contract.payload, envelope.value.payload, { allowUnknown: true });
  if (!payload.ok) return { reason: `invalid payload: ${describe(payload.errors)}` };
  if (message.info.deliveryCount > maxDeliver) {
    return { reason: 'delivered too many times without an acknowledgement' };
  }
  return { event: { ...(raw as EventEnvelope<object>), payload: payload.value } };
}

function describe(errors: { field: string; message: string }[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}
