import { Injectable } from '@nestjs/common';
import {
  DEAL_CREATED_V1,
  DEAL_LOST_V1,
  DEAL_STAGE_CHANGED_V1,
  DEAL_UPDATED_V1,
  DEAL_WON_V1,
  PAYMENT_RECORDED_V1,
  type DealCreatedV1,
  type DealFactsV1,
  type DealLostV1,
  type DealStageChangedV1,
  type DealUpdatedV1,
  type DealWonV1,
  type EventContract,
  type EventEnvelope,
  type PaymentRecordedV1,
  type PipelineCreatedV1,
} from '@saleswire/contracts';
import { queryNamed } from '@saleswire/database';
import type { EventTransaction, StreamEvent } from '@saleswire/messaging';
import {
  AggregateDelta,
  combined,
  DEAL_PROJECTION_TABLES,
  lockDeals,
  lockLeads,
  readHeld,
  readLeads,
  recordOf,
  type HeldDeal,
  type HeldEntry,
  type HeldFact,
  type Query,
  type Statement,
  type WonDeal,
} from './deal-aggregates';

/** A won deal's part in its lead's counts: the lead, the amount and the currency; none if not won or from no lead. */
function wonPart(fact: HeldFact | undefined): { leadId: string; deal: WonDeal } | null {
  if (!fact || fact.leadId === null || fact.wonAt === null) return null;
  return { leadId: fact.leadId.toLowerCase(), deal: { amount: fact.amount, currency: fact.currency } };
}

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

/** What an event of each subject adds to its deal's facts besides the facts every deal event carries. */
const EXTRAS = new Map<string, (payload: never) => DealEventExtras>();
function extras<P extends object>(contract: EventContract<P>, of: (payload: P) => DealEventExtras): EventContract<P> {
  EXTRAS.set(contract.subject, of as (payload: never) => DealEventExtras);
  return contract;
}

/** The deal events the facts are built from: what the projection takes, a stream batch of them at once. */
export const DEAL_FACT_EVENTS: readonly EventContract[] = [
  extras(DEAL_CREATED_V1, (p: DealCreatedV1) => ({
    at: p.createdAt,
    createdAt: p.createdAt,
    leadId: p.leadId,
    expectedCloseDate: p.expectedCloseDate,
    entered: { stage: p.stage, probability: p.probability, at: p.createdAt },
  })),
  extras(DEAL_STAGE_CHANGED_V1, (p: DealStageChangedV1) => ({ at: p.changedAt, entered: { stage: p.stage, probability: p.probability, at: p.changedAt } })),
  extras(DEAL_UPDATED_V1, (p: DealUpdatedV1) => ({ at: p.updatedAt, expectedCloseDate: p.expectedCloseDate })),
  extras(DEAL_WON_V1, (p: DealWonV1) => ({ at: p.wonAt, wonAt: p.wonAt, entered: { stage: p.stage, probability: 100, at: p.wonAt } })),
  extras(DEAL_LOST_V1, (p: DealLostV1) => ({ at: p.lostAt, lostAt: p.lostAt, entered: { stage: p.stage, probability: 0, at: p.lostAt } })),
  extras(PAYMENT_RECORDED_V1, (p: PaymentRecordedV1) => ({ at: p.paidAt })),
];

/**
 * Deal facts (ADR 0012): one row per deal whose attributes are those of the highest aggregate version seen,
 * write-once dates (created, won, lost) that no later or earlier event can move, and one row per stage entry
 * keyed by the event's version. Applying any set of events in any order, any number of times, gives the same rows.
 */
@Injectable()
export class DealFactProjection {
  /**
   * A batch of deal events of any of `DEAL_FACT_EVENTS`' subjects (a fetch's worth of the deals stream, ADR 0025
   * option 3): the deals they name locked, read and written once, however many subjects the batch mixes.
   */
  applyEvents(events: readonly StreamEvent[], tx: Tx): Promise<void> {
    return this.apply(
      events.map(({ contract, event }) => {
        const of = EXTRAS.get(contract.subject);
        if (!of) throw new Error(`the deal facts do not take ${contract.subject}`);
        return { event: event as EventEnvelope<DealFactsV1>, extras: of(event.payload as never) };
      }),
      tx,
    );
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

  /**
   * Applies a batch of events in four round trips, however many: a lock per deal, a read of the deals' facts, then
   * one statement writing the deals' facts folded to one row per deal as the upsert would fold them one by one (one
   * statement may not update a row twice), every event's attributes by moment, every stage entry, and the changes to
   * the pre-aggregated rows. Rows go in deal order, so concurrent batches lock shared deals in the same order.
   *
   * The pre-aggregated rows (ADR 0012, amended) change in the same transaction: with the batch's deals locked, their
   * contributions as their facts stood are taken back and their contributions as they stand after the upsert added
   * — that state worked out here by the upsert's own rules (`merged`), which the property spec holds to the facts the
   * upsert writes. A contribution is computed from the facts, never from the event, so any order and any replay give
   * the same rows.
   */
  private async apply(items: Array<{ event: EventEnvelope<DealFactsV1>; extras: DealEventExtras }>, tx: Tx): Promise<void> {
    if (items.length === 0) return;
    const rows = [...foldByDeal(items).values()].sort((a, b) => (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0));
    const query: Query = (sql, params) => queryNamed(tx.manager, sql, params ?? []);
    const table = (name: string): string => tx.target.table(name);
    const dealIds = rows.map((row) => row.dealId);
    if (tx.target.sumsDeferred) {
      // A rebuild's first pass: the facts alone, with no lock (their upserts give the same rows in any order); the
      // sums are computed from them once the replay has caught up (sums-from-facts.ts).
      const { sql, params } = combined([...this.factStatements(items, rows, table), freshness(items, table)]);
      await query(sql, params);
      return;
    }
    await lockDeals(query, dealIds);
    const held = await readHeld(query, table, dealIds);
    const entered = new Map<string, HeldEntry[]>();
    for (const { event, extras } of items) {
      if (!extras.entered) continue;
      const dealId = event.payload.dealId.toLowerCase();
      const list = entered.get(dealId) ?? [];
      list.push({
        eventId: event.eventId.toLowerCase(),
        version: event.aggregateVersion,
        stage: extras.entered.stage,
        probability: extras.entered.probability,
        enteredAt: Date.parse(extras.entered.at),
      });
      entered.set(dealId, list);
    }
    const delta = new AggregateDelta(DEAL_PROJECTION_TABLES);
    const wins: Array<{ leadId: string; deal: WonDeal; sign: 1 | -1 }> = [];
    for (const row of rows) {
      const before = held.get(row.dealId);
      const after = merged(before, row, entered.get(row.dealId) ?? []);
      delta.changeDeal(before ? recordOf(before) : null, recordOf(after));
      // A won deal counts in its lead's row too (the lead-sources report): moved when its win, amount, currency or lead changes.
      const was = wonPart(before?.fact);
      const now = wonPart(after.fact);
      if (JSON.stringify(was) !== JSON.stringify(now)) {
        if (was) wins.push({ ...was, sign: -1 });
        if (now) wins.push({ ...now, sign: 1 });
      }
    }
    if (wins.length > 0) {
      // After the deals' locks, the leads' (in one order, as every writer of the leads' counts takes them), then their facts.
      const leadIds = [...new Set(wins.map((win) => win.leadId))].sort();
      await lockLeads(query, leadIds);
      const leads = await readLeads(query, table, leadIds);
      for (const win of wins) {
        const lead = leads.get(win.leadId)?.fact;
        // A lead not projected yet: its own projection counts the deal, read from the facts this batch writes.
        if (lead) delta.addWonDeal(lead, win.deal, win.sign);
      }
    }
    // The batch's newest event last, after every other row it locks (the same order in every batch of every replica).
    const statements = [...this.factStatements(items, rows, table), ...delta.statements(table), freshness(items, table)];
    // Named: one text per target (the tables are always the same), planned once per connection. Unnamed, PostgreSQL
    // planned this statement of some thirty parts on every batch: half the projection's time (ADR 0025, amended).
    const { sql, params } = combined(statements);
    await query(sql, params);
  }

  /** The facts' statements: deal rows, history rows, stage entries. */
  private factStatements(items: Array<{ event: EventEnvelope<DealFactsV1>; extras: DealEventExtras }>, rows: DealRow[], table: (name: string) => string): Statement[] {
    const facts = table('deal_fact');
    // Newer: a higher version, or on a tie (two events claiming one version) the higher event id, in any order.
    const newer = (column: string): string =>
      `${column} = CASE WHEN (EXCLUDED.aggregate_version, EXCLUDED.event_id) > (held.aggregate_version, held.event_id) THEN EXCLUDED.${column} ELSE held.${column} END`;
    const column = <T>(pick: (row: DealRow) => T): T[] => rows.map(pick);
    const statements: Statement[] = [
      {
        sql: `INSERT INTO ${facts} AS held
         (deal_id, aggregate_version, event_id, pipeline_id, owner_id, partner_id, channel, direction, source, is_repeat, amount, currency,
          expected_close_date, expected_close_version, lead_id, created_at, first_seen_at, won_at, lost_at, last_event_at)
       SELECT * FROM unnest($1::uuid[], $2::integer[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[],
                            $10::boolean[], $11::numeric[], $12::text[], $13::date[], $14::integer[], $15::uuid[], $16::timestamptz[],
                            $17::timestamptz[], $18::timestamptz[], $19::timestamptz[], $20::timestamptz[])
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
        params: [
          column((row) => row.dealId),
          column((row) => row.version),
          column((row) => row.eventId),
          column((row) => row.facts.pipelineId),
          column((row) => row.facts.ownerId),
          column((row) => row.facts.partnerId),
          column((row) => row.facts.channel),
          column((row) => row.facts.direction),
          column((row) => row.facts.source),
          column((row) => row.facts.isRepeat),
          column((row) => row.facts.amount),
          column((row) => row.facts.currency),
          column((row) => row.expectedCloseDate),
          column((row) => row.expectedCloseVersion),
          column((row) => row.leadId),
          column((row) => row.createdAt),
          column((row) => row.firstSeenAt),
          column((row) => row.wonAt),
          column((row) => row.lostAt),
          column((row) => row.lastEventAt),
        ],
      },
      // Every event's attributes at the moment it describes: what a report as of a past date reads (ADR 0012).
      {
        sql: `INSERT INTO ${table('deal_fact_history')}
         (deal_id, event_id, aggregate_version, at, pipeline_id, owner_id, partner_id, channel, direction, source, is_repeat, amount, currency)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::integer[], $4::timestamptz[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::text[],
                            $10::text[], $11::boolean[], $12::numeric[], $13::text[])
       ON CONFLICT (deal_id, event_id) DO NOTHING`,
        params: [
          items.map(({ event }) => event.payload.dealId),
          items.map(({ event }) => event.eventId),
          items.map(({ event }) => event.aggregateVersion),
          items.map(({ extras }) => extras.at),
          items.map(({ event }) => event.payload.pipelineId),
          items.map(({ event }) => event.payload.ownerId),
          items.map(({ event }) => event.payload.partnerId),
          items.map(({ event }) => event.payload.channel),
          items.map(({ event }) => event.payload.direction),
          items.map(({ event }) => event.payload.source),
          items.map(({ event }) => event.payload.isRepeat),
          items.map(({ event }) => event.payload.amount),
          items.map(({ event }) => event.payload.currency),
        ],
      },
    ];
    // Written even when empty: one text whatever the batch holds (a named statement, planned once per connection).
    const entries = items.filter((item) => item.extras.entered);
    statements.push({
      sql: `INSERT INTO ${table('deal_stage_entry')} (deal_id, event_id, aggregate_version, stage, probability, entered_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::integer[], $4::text[], $5::integer[], $6::timestamptz[])
       ON CONFLICT (deal_id, event_id) DO NOTHING`,
      params: [
        entries.map(({ event }) => event.payload.dealId),
        entries.map(({ event }) => event.eventId),
        entries.map(({ event }) => event.aggregateVersion),
        entries.map(({ extras }) => extras.entered!.stage),
        entries.map(({ extras }) => extras.entered!.probability),
        entries.map(({ extras }) => extras.entered!.at),
      ],
    });
    return statements;
  }
}

/**
 * A deal's facts after the batch's upsert, worked out by the upsert's own rules from the facts before (none: the
 * insert) and the batch's row: attributes of the newest (version, event id), the expected close date of its own
 * newest version, write-once dates kept, the first moment the least; stage entries added once per event.
 */
export function merged(before: HeldDeal | undefined, row: DealRow, entered: readonly HeldEntry[]): HeldDeal {
  const time = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
  const incoming: HeldFact = {
    dealId: row.dealId,
    leadId: row.leadId,
    version: row.version,
    eventId: row.eventId,
    pipelineId: row.facts.pipelineId,
    ownerId: row.facts.ownerId ?? null,
    partnerId: row.facts.partnerId ?? null,
    channel: row.facts.channel,
    direction: row.facts.direction ?? null,
    source: row.facts.source ?? null,
    isRepeat: row.facts.isRepeat,
    amount: row.facts.amount ?? null,
    currency: row.facts.currency ?? null,
    expectedCloseDate: row.expectedCloseDate === null ? null : row.expectedCloseDate.slice(0, 10),
    expectedCloseVersion: row.expectedCloseVersion,
    createdAt: time(row.createdAt),
    firstSeenAt: Date.parse(row.firstSeenAt),
    wonAt: time(row.wonAt),
    lostAt: time(row.lostAt),
  };
  const entries = new Map<string, HeldEntry>();
  for (const entry of [...(before?.entries ?? []), ...entered]) if (!entries.has(entry.eventId)) entries.set(entry.eventId, entry);
  const ordered = [...entries.values()].sort((a, b) => a.version - b.version || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  if (!before) return { fact: incoming, entries: ordered };
  const held = before.fact;
  const newer = incoming.version > held.version || (incoming.version === held.version && incoming.eventId > held.eventId);
  const attributes = newer ? incoming : held;
  const expected = incoming.expectedCloseVersion > held.expectedCloseVersion ? incoming : held;
  return {
    fact: {
      ...attributes,
      dealId: held.dealId,
      leadId: held.leadId ?? incoming.leadId,
      version: Math.max(held.version, incoming.version),
      eventId: attributes.eventId,
      expectedCloseDate: expected.expectedCloseDate,
      expectedCloseVersion: Math.max(held.expectedCloseVersion, incoming.expectedCloseVersion),
      createdAt: held.createdAt ?? incoming.createdAt,
      firstSeenAt: Math.min(held.firstSeenAt, incoming.firstSeenAt),
      wonAt: held.wonAt ?? incoming.wonAt,
      lostAt: held.lostAt ?? incoming.lostAt,
    },
    entries: ordered,
  };
}

/**
 * The newest deal event projected (`dataAsOf`), kept in one row rather than read from deal_fact by an index on its
 * newest moment: such an index made every update of a deal's row write all its indexes (migration 1766700000000).
 */
function freshness(items: ReadonlyArray<{ event: EventEnvelope<DealFactsV1> }>, table: (name: string) => string): Statement {
  let newest = -Infinity;
  for (const { event } of items) newest = Math.max(newest, Date.parse(event.occurredAt));
  return {
    sql: `INSERT INTO ${table('fact_freshness')} AS held (facts, newest_event_at) VALUES ('deals', $1)
       ON CONFLICT (facts) DO UPDATE SET newest_event_at = EXCLUDED.newest_event_at WHERE held.newest_event_at < EXCLUDED.newest_event_at`,
    params: [new Date(newest).toISOString()],
  };
}

/** One deal's row as the events of a batch describe it, folded by the upsert's own rules. */
export interface DealRow {
  dealId: string;
  version: number;
  eventId: string;
  facts: DealFactsV1;
  expectedCloseDate: string | null;
  expectedCloseVersion: number;
  leadId: string | null;
  createdAt: string | null;
  firstSeenAt: string;
  wonAt: string | null;
  lostAt: string | null;
  lastEventAt: string;
}

const earlier = (a: string, b: string): string => (Date.parse(a) <= Date.parse(b) ? a : b);
const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

export function foldByDeal(items: Array<{ event: EventEnvelope<DealFactsV1>; extras: DealEventExtras }>): Map<string, DealRow> {
  const rows = new Map<string, DealRow>();
  for (const { event, extras } of items) {
    const dealId = event.payload.dealId.toLowerCase();
    const carriesExpected = extras.expectedCloseDate !== undefined;
    const row: DealRow = {
      dealId,
      version: event.aggregateVersion,
      eventId: event.eventId.toLowerCase(),
      facts: event.payload,
      expectedCloseDate: carriesExpected ? (extras.expectedCloseDate ?? null) : null,
      expectedCloseVersion: carriesExpected ? event.aggregateVersion : 0,
      leadId: extras.leadId ?? null,
      createdAt: extras.createdAt ?? null,
      firstSeenAt: extras.at,
      wonAt: extras.wonAt ?? null,
      lostAt: extras.lostAt ?? null,
      lastEventAt: event.occurredAt,
    };
    const held = rows.get(dealId);
    if (!held) {
      rows.set(dealId, row);
      continue;
    }
    const newer = row.version > held.version || (row.version === held.version && row.eventId > held.eventId);
    rows.set(dealId, {
      dealId,
      version: Math.max(held.version, row.version),
      eventId: newer ? row.eventId : held.eventId,
      facts: newer ? row.facts : held.facts,
      expectedCloseDate: row.expectedCloseVersion > held.expectedCloseVersion ? row.expectedCloseDate : held.expectedCloseDate,
      expectedCloseVersion: Math.max(held.expectedCloseVersion, row.expectedCloseVersion),
      leadId: held.leadId ?? row.leadId,
      createdAt: held.createdAt ?? row.createdAt,
      firstSeenAt: earlier(held.firstSeenAt, row.firstSeenAt),
      wonAt: held.wonAt ?? row.wonAt,
      lostAt: held.lostAt ?? row.lostAt,
      lastEventAt: later(held.lastEventAt, row.lastEventAt),
    });
  }
  return rows;
}
