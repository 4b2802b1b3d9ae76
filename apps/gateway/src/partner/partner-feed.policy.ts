import type { Role } from '@saleswire/contracts';

/** The envelope fields the feed reads and forwards; the payload is forwarded as it is, redacted where needed. */
export interface FeedEnvelope {
  eventId: string;
  type: string;
  occurredAt: string;
  aggregateId: string;
  aggregateVersion: number;
  payload: Record<string, unknown> & { partnerId?: unknown; conflicts?: unknown };
}

/** One event of a partner's feed: what the stream says happened, as the partner may see it. */
export interface FeedEvent {
  type: string;
  data: FeedEnvelope;
}

/** Event types whose payload names other channels' records (their ids are the company's, not a partner's). */
const NAMES_OTHER_RECORDS = new Set(['partners.channel-conflict.detected']);

/**
 * Whether an event of the partners stream belongs in `partnerId`'s feed, and as what: only events whose payload
 * names that partner (every partner-scoped event carries `partnerId`, ADR 0011); anything unreadable or of another
 * partner is dropped. A partner user gets a conflict without the other records' ids, as the views show it.
 */
export function feedEventFor(raw: string, partnerId: string, viewer: Role): FeedEvent | null {
  let envelope: FeedEnvelope;
  try {
    envelope = JSON.parse(raw) as FeedEnvelope;
  } catch {
    return null;
  }
  if (typeof envelope !== 'object' || envelope === null || typeof envelope.type !== 'string') return null;
  const owner = envelope.payload?.partnerId;
  if (typeof owner !== 'string' || owner.toLowerCase() !== partnerId.toLowerCase()) return null;
  const data: FeedEnvelope = {
    eventId: envelope.eventId,
    type: envelope.type,
    occurredAt: envelope.occurredAt,
    aggregateId: envelope.aggregateId,
    aggregateVersion: envelope.aggregateVersion,
    payload: envelope.payload,
  };
  if (viewer === 'partner_user' && NAMES_OTHER_RECORDS.has(envelope.type) && Array.isArray(envelope.payload.conflicts)) {
    data.payload = { ...envelope.payload, conflicts: envelope.payload.conflicts.map((c: Record<string, unknown>) => ({ ...c, id: null })) };
  }
  return { type: envelope.type, data };
}

/**
 * `Last-Event-ID` as the feed's ids are written: the partners stream's sequence of the last event the client got.
 * Null when absent; undefined when it is not one (the caller answers 400).
 */
export function resumeAfter(header: string | string[] | undefined): number | null | undefined {
  if (header === undefined || header === '') return null;
  if (typeof header !== 'string' || !/^\d{1,15}$/.test(header)) return undefined;
  return Number(header);
}

/** Server-sent events framing: an event with its id, or a comment that keeps proxies from closing an idle stream. */
export function sseEvent(id: number, event: FeedEvent): string {
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

export const SSE_HEARTBEAT = ': heartbeat\n\n';
