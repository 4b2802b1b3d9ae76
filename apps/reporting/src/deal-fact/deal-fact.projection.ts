import { Injectable } from '@nestjs/common';
import type {
  DealCreatedV1,
  DealFactsV1,
  DealLostV1,
  DealStageChangedV1,
  DealUpdatedV1,
  DealWonV1,
  EventEnvelope,
  PaymentRecordedV1,
  PipelineCreatedV1,
} from '@saleswire/contracts';
import type { EventTransaction } from '@saleswire/messaging';

type Tx = Pick<EventTransaction, 'manager' | 'target'>;

/** What one deal event adds to the deal's facts besides the facts every deal event carries. */
interface DealEventExtras {
  /** The moment the event describes (creation, the move, the payment, ...). */
  at: string;
  createdAt?: string;
  leadId?: string | null;
  expectedCloseDate?: string | null;
  wonAt?: string;
  lostAt?: string;
  /** The stage the deal entered with this event, and that stage's probability. */
  entered?: { stage: string; probability: number; at: string };
}

/**
 * Deal facts (ADR 0012): one row per deal whose attributes are those of the highest aggregate version seen,
 * write-once dates (created, won, lost) that no later or earlier event can move, and one row per stage entry
 * keyed by the event's version. Applying any set of events in any order, any number of times, gives the same rows.
 */
@Injectable()
export class DealFactProjection {
  created(event: EventEnvelope<DealCreatedV1>, tx: Tx): Promise<void> {
    const p = event.payload;
    return this.apply(event, tx, {
      at: p.createdAt,
      createdAt: p.createdAt,
      leadId: p.leadId,
      expectedCloseDate: p.expectedCloseDate,
      entered: { stage: p.stage, probability: p.probability, at: p.createdAt },
    });
  }

  stageChanged(event: EventEnvelope<DealStageChangedV1>, tx: Tx): Promise<void> {
    const p = event.payload;
    return this.apply(event, tx, { at: p.changedAt, entered: { stage: p.stage, probability: p.probability, at: p.changedAt } });
  }

  updated(event: EventEnvelope<DealUpdatedV1>, tx: Tx): Promise<void> {
    return this.apply(event, tx, { at: event.payload.updatedAt, expectedCloseDate: event.payload.expectedCloseDate });
  }

  won(event: EventEnvelope<DealWonV1>, tx: Tx): Promise<void> {
    const p = event.payload;
    return this.apply(event, tx, { at: p.wonAt, wonAt: p.wonAt, entered: { stage: p.stage, probability: 100, at: p.wonAt } });
  }

  lost(event: EventEnvelope<DealLostV1>, tx: Tx): Promise<void> {
    const p = event.payload;
    return this.apply(event, tx, { at: p.lostAt, lostAt: p.lostAt, entered: { stage: p.stage, probability: 0, at: p.lostAt } });
  }

  paymentRecorded(event: EventEnvelope<PaymentRecordedV1>, tx: Tx): Promise<void> {
    return this.apply(event, tx, { at: event.payload.paidAt });
  }

  /** A pipeline's stages in order; a version older than the one held changes nothing. */
  async pipelineCreated(event: EventEnvelope<PipelineCreatedV1>, tx: Tx): Promise<void> {
    const table = tx.target.table('pipeline_stage');
    const p = event.payload;
    const held: Array<{ v: number }> = await tx.manager.query(`SELECT max(aggregate_version) AS v FROM ${table} WHERE pipeline_id = $1`, [
      p.pipelineId,
    ]);
    if (held[0]?.v !== null && held[0]?.v !== undefined && Number(held[0].v) >= event.aggregateVersion) return;
    await tx.manager.query(`DELETE FROM ${table} WHERE pipeline_id = $1`, [p.pipelineId]);
    await tx.manager.query(
      `INSERT INTO ${table} (pipeline_id, code, name, semantics, probability, position, aggregate_version, is_default, kind)
       SELECT $1, code, name, semantics, probability, position, $2, $3, $4
         FROM unnest($5::text[], $6::text[], $7::text[], $8::integer[], $9::integer[]) AS s (code, name, semantics, probability, position)
       ON CONFLICT (pipeline_id, code) DO NOTHING`,
      [
        p.pipelineId,
        event.aggregateVersion,
        p.isDefault,
        p.kind,
        p.stages.map((stage) => stage.code),
        p.stages.map((stage) => stage.name),
        p.stages.map((stage) => stage.semantics),
        p.stages.map((stage) => stage.probability),
        p.stages.map((_, position) => position),
      ],
    );
  }

  private async apply(event: EventEnvelope<DealFactsV1>, tx: Tx, extras: DealEventExtras): Promise<void> {
    const facts = tx.target.table('deal_fact');
    const p = event.payload;
    // Newer: a higher version, or on a tie (two events claiming one version) the higher event id, in any order.
    const newer = (column: string): string =>
      `${column} = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.${column} ELSE held.${column} END`;
    const carriesExpected = extras.expectedCloseDate !== undefined;
    await tx.manager.query(
      `INSERT INTO ${facts} AS held
         (deal_id, aggregate_version, event_id, pipeline_id, owner_id, partner_id, channel, direction, source, is_repeat, amount, currency,
          expected_close_date, expected_close_version, lead_id, created_at, first_seen_at, won_at, lost_at, last_event_at)
       VALUES ($1, $2, $20, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       ON CONFLICT (deal_id) DO UPDATE SET
         ${['event_id', 'pipeline_id', 'owner_id', 'partner_id', 'channel', 'direction', 'source', 'is_repeat', 'amount', 'currency'].map(newer).join(',\n         ')},
         aggregate_version = GREATEST(held.aggregate_version, EXCLUDED.aggregate_version),
         expected_close_date = CASE WHEN EXCLUDED.expected_close_version > held.expected_close_version
                                    THEN EXCLUDED.expected_close_date ELSE held.expected_close_date END,
         expected_close_version = GREATEST(held.expected_close_version, EXCLUDED.expected_close_version),
         lead_id = coalesce(held.lead_id, EXCLUDED.lead_id),
         created_at = coalesce(held.created_at, EXCLUDED.created_at),
         first_seen_at = LEAST(held.first_seen_at, EXCLUDED.first_seen_at),
         won_at = coalesce(held.won_at, EXCLUDED.won_at),
         lost_at = coalesce(held.lost_at, EXCLUDED.lost_at),
         last_event_at = GREATEST(held.last_event_at, EXCLUDED.last_event_at)`,
      [
        p.dealId,
        event.aggregateVersion,
        p.pipelineId,
        p.ownerId,
        p.partnerId,
        p.channel,
        p.direction,
        p.source,
        p.isRepeat,
        p.amount,
        p.currency,
        carriesExpected ? extras.expectedCloseDate : null,
        carriesExpected ? event.aggregateVersion : 0,
        extras.leadId ?? null,
        extras.createdAt ?? null,
        extras.at,
        extras.wonAt ?? null,
        extras.lostAt ?? null,
        event.occurredAt,
        event.eventId,
      ],
    );
    if (extras.entered) {
      await tx.manager.query(
        `INSERT INTO ${tx.target.table('deal_stage_entry')} (deal_id, event_id, aggregate_version, stage, probability, entered_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (deal_id, event_id) DO NOTHING`,
        [p.dealId, event.eventId, event.aggregateVersion, extras.entered.stage, extras.entered.probability, extras.entered.at],
      );
    }
  }
}
