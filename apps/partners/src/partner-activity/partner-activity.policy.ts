import type {
  DealCreatedV1,
  DealLostV1,
  DealStageChangedV1,
  DealUpdatedV1,
  DealWonV1,
  EventEnvelope,
  LeadConvertedV1,
  LeadCreatedV1,
  LeadStatusChangedV1,
  LeadUpdatedV1,
  PartnerDealChangedV1,
  PartnerLeadChangedV1,
  PaymentRecordedV1,
} from '@saleswire/contracts';

/** A leads event the partner's feed tells of, with its subject's verb. */
export type LeadSource =
  | { change: 'created'; event: EventEnvelope<LeadCreatedV1> }
  | { change: 'updated'; event: EventEnvelope<LeadUpdatedV1> }
  | { change: 'status-changed'; event: EventEnvelope<LeadStatusChangedV1> }
  | { change: 'converted'; event: EventEnvelope<LeadConvertedV1> };

/** A deals event the partner's feed tells of, with its subject's verb. */
export type DealSource =
  | { change: 'created'; event: EventEnvelope<DealCreatedV1> }
  | { change: 'updated'; event: EventEnvelope<DealUpdatedV1> }
  | { change: 'stage-changed'; event: EventEnvelope<DealStageChangedV1> }
  | { change: 'payment-recorded'; event: EventEnvelope<PaymentRecordedV1> }
  | { change: 'won'; event: EventEnvelope<DealWonV1> }
  | { change: 'lost'; event: EventEnvelope<DealLostV1> };

/**
 * The partner a leads event says the lead belongs to at its version: a string, null (the direct team's), or
 * undefined when the event does not say (a status change published before it carried the partner, an update
 * before leads applied offers); the caller then asks the channel index.
 */
export function leadPartnerOf(source: LeadSource): string | null | undefined {
  return source.event.payload.partnerId;
}

/**
 * The notice a partner's feed gets for a change of its lead, or null for a lead of nobody's (the direct team's):
 * `partnerId` is the lead's partner at the event's version (the event's own, else the channel index's).
 */
export function leadNotice(source: LeadSource, partnerId: string | null): PartnerLeadChangedV1 | null {
  if (!partnerId) return null;
  const { event } = source;
  const base = {
    partnerId,
    leadId: event.payload.leadId,
    change: source.change,
    status: null,
    assigneeId: null,
    changed: null,
    reason: null,
    dealId: null,
    leadVersion: event.aggregateVersion,
    sourceEventId: event.eventId,
    changedAt: event.occurredAt,
  } satisfies PartnerLeadChangedV1;
  switch (source.change) {
    case 'created':
      return { ...base, status: 'new', assigneeId: source.event.payload.assigneeId ?? null };
    case 'updated':
      return { ...base, assigneeId: source.event.payload.assigneeId ?? null, changed: source.event.payload.changed, changedAt: source.event.payload.updatedAt };
    case 'status-changed':
      return { ...base, status: source.event.payload.to, reason: source.event.payload.reason ?? null, changedAt: source.event.payload.changedAt };
    case 'converted':
      return { ...base, status: 'converted', dealId: source.event.payload.dealId, changedAt: source.event.payload.convertedAt };
  }
}

/**
 * The notice a partner's feed gets for a change of its deal, or null for a deal without a partner (direct sales):
 * every deals event carries the deal's channel and partner at its version.
 */
export function dealNotice(source: DealSource): PartnerDealChangedV1 | null {
  const { event } = source;
  const deal = event.payload;
  if (!deal.partnerId || deal.channel !== 'indirect') return null;
  const base = {
    partnerId: deal.partnerId,
    dealId: deal.dealId,
    customerId: deal.customerId,
    pipelineId: deal.pipelineId,
    stage: deal.stage,
    amount: deal.amount ?? null,
    currency: deal.currency ?? null,
    change: source.change,
    paidAmount: null,
    fromStage: null,
    reason: null,
    dealVersion: event.aggregateVersion,
    sourceEventId: event.eventId,
    changedAt: event.occurredAt,
  } satisfies PartnerDealChangedV1;
  switch (source.change) {
    case 'created':
      return { ...base, changedAt: source.event.payload.createdAt };
    case 'updated':
      return { ...base, changedAt: source.event.payload.updatedAt };
    case 'stage-changed':
      return { ...base, fromStage: source.event.payload.fromStage, reason: source.event.payload.reason ?? null, changedAt: source.event.payload.changedAt };
    case 'payment-recorded':
      return { ...base, paidAmount: source.event.payload.paidAmount, changedAt: source.event.payload.paidAt };
    case 'won':
      return { ...base, paidAmount: source.event.payload.paidAmount, changedAt: source.event.payload.wonAt };
    case 'lost':
      return { ...base, fromStage: source.event.payload.fromStage, reason: source.event.payload.reason, changedAt: source.event.payload.lostAt };
  }
}
