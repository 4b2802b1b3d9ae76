import { Injectable } from '@nestjs/common';
import type {
  CommissionAccruedV1,
  CommissionApprovedV1,
  CommissionFactsV1,
  CommissionPaidV1,
  DealRegistrationApprovedV1,
  DealRegistrationFactsV1,
  EventEnvelope,
  LeadOfferFactsV1,
} from '@saleswire/contracts';
import type { EventTransaction } from '@saleswire/messaging';

type Tx = Pick<EventTransaction, 'manager' | 'target'>;

/**
 * Registrations and commissions of partners as facts (ADR 0012): the status of the highest version seen, and
 * write-once dates (submitted, approved, accrued, paid) set by the one event that states each. Lead offers the same
 * way: the status and `decidedAt` of the highest version (an offer is decided once, so the deciding event is the
 * newest), `offeredAt` the least stated (every offer event states the same one).
 */
@Injectable()
export class PartnerFactProjection {
  /** Any registration event that carries the registration's facts; `submittedAt` only from `submitted`. */
  registration(event: EventEnvelope<DealRegistrationFactsV1>, tx: Tx, submittedAt: string | null = null): Promise<void> {
    const p = event.payload;
    return this.upsertRegistration(tx, event, { partnerId: p.partnerId, status: p.status, conflict: p.conflict, submittedAt, approvedAt: null });
  }

  /** `approved` keeps its own shape (no `conflict`): the status it states, and when. */
  registrationApproved(event: EventEnvelope<DealRegistrationApprovedV1>, tx: Tx): Promise<void> {
    const p = event.payload;
    return this.upsertRegistration(tx, event, { partnerId: p.partnerId, status: 'approved', conflict: null, submittedAt: null, approvedAt: p.approvedAt });
  }

  commission(event: EventEnvelope<CommissionFactsV1 & Partial<CommissionAccruedV1 & CommissionApprovedV1 & CommissionPaidV1>>, tx: Tx): Promise<void> {
    const p = event.payload;
    return tx.manager
      .query(
        `INSERT INTO ${tx.target.table('commission_fact')} AS held
           (commission_id, aggregate_version, event_id, partner_id, deal_id, amount, currency, status, accrued_at, paid_at, last_event_at)
         VALUES ($1, $2, $11, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (commission_id) DO UPDATE SET
           status = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.status ELSE held.status END,
           amount = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.amount ELSE held.amount END,
           currency = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.currency ELSE held.currency END,
           event_id = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.event_id ELSE held.event_id END,
           aggregate_version = GREATEST(held.aggregate_version, EXCLUDED.aggregate_version),
           accrued_at = coalesce(held.accrued_at, EXCLUDED.accrued_at),
           paid_at = coalesce(held.paid_at, EXCLUDED.paid_at),
           last_event_at = GREATEST(held.last_event_at, EXCLUDED.last_event_at)`,
        [
          p.commissionId,
          event.aggregateVersion,
          p.partnerId,
          p.dealId,
          p.amount,
          p.currency,
          p.status,
          p.accruedAt ?? null,
          p.paidAt ?? null,
          event.occurredAt,
          event.eventId,
        ],
      )
      .then(() => undefined);
  }

  /** Any `lead-offer.*` event: each carries the offer as it now is. */
  leadOffer(event: EventEnvelope<LeadOfferFactsV1>, tx: Tx): Promise<void> {
    const p = event.payload;
    return tx.manager
      .query(
        `INSERT INTO ${tx.target.table('lead_offer_fact')} AS held
           (offer_id, aggregate_version, event_id, partner_id, status, offered_at, decided_at, last_event_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (offer_id) DO UPDATE SET
           status = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.status ELSE held.status END,
           event_id = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.event_id ELSE held.event_id END,
           aggregate_version = GREATEST(held.aggregate_version, EXCLUDED.aggregate_version),
           offered_at = LEAST(held.offered_at, EXCLUDED.offered_at),
           decided_at = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.decided_at ELSE held.decided_at END,
           last_event_at = GREATEST(held.last_event_at, EXCLUDED.last_event_at)`,
        [p.offerId, event.aggregateVersion, event.eventId, p.partnerId, p.status, p.offeredAt, p.decidedAt ?? null, event.occurredAt],
      )
      .then(() => undefined);
  }

  private async upsertRegistration(
    tx: Tx,
    event: EventEnvelope<object>,
    facts: { partnerId: string; status: string; conflict: boolean | null; submittedAt: string | null; approvedAt: string | null },
  ): Promise<void> {
    await tx.manager.query(
      `INSERT INTO ${tx.target.table('registration_fact')} AS held
         (registration_id, aggregate_version, event_id, partner_id, status, conflict, conflict_version, submitted_at, approved_at, last_event_at)
       VALUES ($1, $2, $9, $3, $4, $5, $10, $6, $7, $8)
       ON CONFLICT (registration_id) DO UPDATE SET
         status = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.status ELSE held.status END,
         conflict = CASE WHEN EXCLUDED.conflict_version > held.conflict_version THEN EXCLUDED.conflict ELSE held.conflict END,
         conflict_version = GREATEST(held.conflict_version, EXCLUDED.conflict_version),
         event_id = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.event_id ELSE held.event_id END,
         aggregate_version = GREATEST(held.aggregate_version, EXCLUDED.aggregate_version),
         submitted_at = coalesce(held.submitted_at, EXCLUDED.submitted_at),
         approved_at = coalesce(held.approved_at, EXCLUDED.approved_at),
         last_event_at = GREATEST(held.last_event_at, EXCLUDED.last_event_at)`,
      [event.aggregateId, event.aggregateVersion, facts.partnerId, facts.status, facts.conflict, facts.submittedAt, facts.approvedAt, event.occurredAt, event.eventId, facts.conflict === null ? 0 : event.aggregateVersion],
    );
  }
}
