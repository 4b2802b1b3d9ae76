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
import { queryNamed } from '@saleswire/database';
import type { EventTransaction } from '@saleswire/messaging';
import { AggregateDelta, combined, lockPartnerRecords, PARTNER_TABLES, writesNothing, type PartnerRecord, type Query } from '../deal-fact/deal-aggregates';

type Tx = Pick<EventTransaction, 'manager' | 'target'>;

/** A fact's row as it stood before the upsert and as the upsert left it (`RETURNING`), moments as PostgreSQL gives them. */
type Sided<T> = T & { side: 'before' | 'after' };
type RegistrationRow = { partner_id: string; conflict: boolean | null; submitted_at: Date | null; approved_at: Date | null };
type CommissionRow = { partner_id: string; amount: string; currency: string; accrued_at: Date | null; paid_at: Date | null };
type OfferRow = { partner_id: string; status: string; offered_at: Date; decided_at: Date | null };

const time = (at: Date | null): number | null => (at === null ? null : at.getTime());

/** A partner fact: its table, its id column, the columns its record is made of, and the record from a row of them. */
export interface PartnerFact<Row> {
  table: string;
  idColumn: string;
  columns: string;
  recordOf(row: Row): PartnerRecord;
}

/** The partners' facts, as the projection moves a record's sums and as a rebuild sums them all at once (sums-from-facts.ts). */
export const PARTNER_FACTS: { registration: PartnerFact<RegistrationRow>; commission: PartnerFact<CommissionRow>; offer: PartnerFact<OfferRow> } = {
  registration: {
    table: 'registration_fact',
    idColumn: 'registration_id',
    columns: 'partner_id, conflict, submitted_at, approved_at',
    recordOf: (row) => ({ kind: 'registration', partnerId: row.partner_id, conflict: row.conflict, submittedAt: time(row.submitted_at), approvedAt: time(row.approved_at) }),
  },
  commission: {
    table: 'commission_fact',
    idColumn: 'commission_id',
    columns: 'partner_id, amount, currency, accrued_at, paid_at',
    recordOf: (row) => ({ kind: 'commission', partnerId: row.partner_id, amount: Number(row.amount), currency: row.currency, accruedAt: time(row.accrued_at), paidAt: time(row.paid_at) }),
  },
  offer: {
    table: 'lead_offer_fact',
    idColumn: 'offer_id',
    columns: 'partner_id, status, offered_at, decided_at',
    recordOf: (row) => ({ kind: 'offer', partnerId: row.partner_id, status: row.status, offeredAt: row.offered_at.getTime(), decidedAt: time(row.decided_at) }),
  },
};

/**
 * Registrations and commissions of partners as facts (ADR 0012): the status of the highest version seen, and
 * write-once dates (submitted, approved, accrued, paid) set by the one event that states each. Lead offers the same
 * way: the status and `decidedAt` of the highest version (an offer is decided once, so the deciding event is the
 * newest), `offeredAt` the least stated (every offer event states the same one).
 *
 * With each fact, its part of `partner_agg_flow` and its rollup (ADR 0012, fifth amendment), in the event's
 * transaction: the record locked (a transaction-scoped advisory lock), the fact upserted in a statement that also
 * answers the row as it stood and as it now stands, then the record's contribution as it stood taken back and as it
 * now stands added, folded by key, as one statement. Both contributions are computed from the facts, never from the
 * event, so a copy, a replay or a late event gives the rows the facts give.
 */
/** Runs a transaction's statements named (fixed texts: each planned once per connection). */
const namedQuery =
  (tx: Pick<EventTransaction, 'manager'>): Query =>
  (sql, params) =>
    queryNamed(tx.manager, sql, params ?? []);

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

  async commission(event: EventEnvelope<CommissionFactsV1 & Partial<CommissionAccruedV1 & CommissionApprovedV1 & CommissionPaidV1>>, tx: Tx): Promise<void> {
    const p = event.payload;
    await this.upsert(
      tx,
      `commission:${p.commissionId}`,
      PARTNER_FACTS.commission,
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
    );
  }

  /** Any `lead-offer.*` event: each carries the offer as it now is. */
  async leadOffer(event: EventEnvelope<LeadOfferFactsV1>, tx: Tx): Promise<void> {
    const p = event.payload;
    await this.upsert(
      tx,
      `offer:${p.offerId}`,
      PARTNER_FACTS.offer,
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
    );
  }

  private async upsertRegistration(
    tx: Tx,
    event: EventEnvelope<object>,
    facts: { partnerId: string; status: string; conflict: boolean | null; submittedAt: string | null; approvedAt: string | null },
  ): Promise<void> {
    await this.upsert(
      tx,
      `registration:${event.aggregateId}`,
      PARTNER_FACTS.registration,
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

  /**
   * The record locked, then its fact upserted by `upsert` (its first parameter the record's id) in one statement that
   * also answers the row before (none for a new record) and after; then the record's contribution as it stood taken
   * back and as it now stands added, in one statement (none if equal).
   */
  private async upsert<T>(tx: Tx, lockKey: string, fact: PartnerFact<T>, upsert: string, params: unknown[]): Promise<void> {
    const query = namedQuery(tx);
    if (tx.target.sumsDeferred) {
      // A rebuild's first pass: the fact alone, no lock and no sides (nothing to move; the sums come after).
      await query(upsert, params);
      return;
    }
    await lockPartnerRecords(query, [lockKey]);
    const rows: Array<Sided<T>> = await query(
      `WITH before AS (SELECT ${fact.columns} FROM ${tx.target.table(fact.table)} WHERE ${fact.idColumn} = $1),
            after AS (${upsert} RETURNING ${fact.columns.split(', ').map((column) => `held.${column}`).join(', ')})
       SELECT 'before' AS side, * FROM before UNION ALL SELECT 'after' AS side, * FROM after`,
      params,
    );
    const sided = (wanted: string): PartnerRecord | null => {
      const row = rows.find(({ side }) => side === wanted);
      return row ? fact.recordOf(row) : null;
    };
    const statements = new AggregateDelta(PARTNER_TABLES).changePartnerRecord(sided('before'), sided('after')).statements((name) => tx.target.table(name));
    if (writesNothing(statements)) return;
    const { sql, params: values } = combined(statements);
    await query(sql, values);
  }
}
