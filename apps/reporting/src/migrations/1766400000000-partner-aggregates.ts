import { dropIndexesLike, schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// The table and its rollup as this migration creates them (spelled out here, not imported: a later change is a
// later migration).
const TABLE = 'partner_agg_flow';
const ROLLUP = 'partner_agg_flow_month';
const KEYS: Array<[string, string]> = [
  ['partner_id', 'uuid'],
  ['kind', 'text'],
  ['day', 'date'],
  ['currency', 'text'],
];
const SUMS: Array<[string, string]> = [
  ['n', 'integer'],
  ['conflicts', 'integer'],
  ['cents', 'bigint'],
];
/** The facts' moments whose newest says whether a report's moment cuts any of them (then the reader reads the facts). */
const NEWEST: Array<[string, string]> = [
  ['registration_fact', 'greatest(submitted_at, approved_at)'],
  ['commission_fact', 'greatest(accrued_at, paid_at)'],
  ['lead_offer_fact', 'greatest(offered_at, decided_at)'],
];

const utcDay = (column: string): string => `(${column} AT TIME ZONE 'UTC')::date`;

/**
 * What each partner record adds, by the projection's rule (`partnerContributionsOf`): one row of no day per record
 * (its partner is listed whatever the period); a registration's submission (a conflict counted there) and approval,
 * a commission's accrual and payment with its cents in its currency, an offer's making and its decision (accepted,
 * declined, lapsed), each on the UTC day of that moment.
 */
const CONTRIBUTIONS = (s: string): string => `
  SELECT partner_id, 'registration', NULL::date, NULL::text, 1, 0, 0::bigint FROM ${s}.registration_fact
  UNION ALL SELECT partner_id, 'submitted', ${utcDay('submitted_at')}, NULL, 1, CASE WHEN conflict THEN 1 ELSE 0 END, 0
    FROM ${s}.registration_fact WHERE submitted_at IS NOT NULL
  UNION ALL SELECT partner_id, 'approved', ${utcDay('approved_at')}, NULL, 1, 0, 0 FROM ${s}.registration_fact WHERE approved_at IS NOT NULL
  UNION ALL SELECT partner_id, 'commission', NULL, NULL, 1, 0, 0 FROM ${s}.commission_fact
  UNION ALL SELECT partner_id, 'accrued', ${utcDay('accrued_at')}, currency, 1, 0, round(amount * 100)::bigint FROM ${s}.commission_fact WHERE accrued_at IS NOT NULL
  UNION ALL SELECT partner_id, 'paid', ${utcDay('paid_at')}, currency, 1, 0, round(amount * 100)::bigint FROM ${s}.commission_fact WHERE paid_at IS NOT NULL
  UNION ALL SELECT partner_id, 'offer', NULL, NULL, 1, 0, 0 FROM ${s}.lead_offer_fact
  UNION ALL SELECT partner_id, 'offered', ${utcDay('offered_at')}, NULL, 1, 0, 0 FROM ${s}.lead_offer_fact
  UNION ALL SELECT partner_id, status, ${utcDay('decided_at')}, NULL, 1, 0, 0
    FROM ${s}.lead_offer_fact WHERE decided_at IS NOT NULL AND status IN ('accepted', 'declined', 'lapsed')`;

/**
 * The partners' registrations, commissions and lead offers pre-aggregated (ADR 0012, fifth amendment): by partner,
 * kind, UTC day and currency, and a rollup by month and for all time; kept by the partner projection in each event's
 * transaction. The partners report sums these instead of reading every registration, commission and offer per
 * request. Back-filled here from the facts; indexes on each fact table's newest moment, which the reader checks
 * against the report's moment.
 */
export class PartnerAggregates1766400000000 implements MigrationInterface {
  name = 'PartnerAggregates1766400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const keys = KEYS.map(([column]) => column);
    const columns = [...KEYS, ...SUMS.map(([column, type]): [string, string] => [column, `${type} NOT NULL`])].map(([column, type]) => `${column} ${type}`).join(', ');
    const sums = SUMS.map(([column, type]) => `sum(${column})::${type}`).join(', ');
    for (const table of [TABLE, ROLLUP]) {
      await queryRunner.query(`CREATE TABLE ${s}.${table} (${columns})`);
      // Named by table (a rebuild's copies get generated names): the key the projection's upserts infer; it leads
      // with the partner, which a partner user's report filters on.
      await queryRunner.query(`CREATE UNIQUE INDEX ${table}_key ON ${s}.${table} (${keys.join(', ')}) NULLS NOT DISTINCT`);
    }
    // A period's edge days are read from the day rows.
    await queryRunner.query(`CREATE INDEX ${TABLE}_day_idx ON ${s}.${TABLE} (day)`);
    for (const [table, newest] of NEWEST) await queryRunner.query(`CREATE INDEX ${table}_newest_idx ON ${s}.${table} ((${newest}))`);
    await queryRunner.query(
      `INSERT INTO ${s}.${TABLE} (${[...keys, ...SUMS.map(([column]) => column)].join(', ')})
       SELECT partner_id, kind, day, currency, ${sums}
         FROM (${CONTRIBUTIONS(s)}) AS rows (partner_id, kind, day, currency, n, conflicts, cents)
        GROUP BY 1, 2, 3, 4`,
    );
    // The rollup: each dated row on its month's first day and in the all-time row (no day); a row of no day there only.
    for (const [day, where] of [
      [`date_trunc('month', day::timestamp)::date`, 'WHERE day IS NOT NULL'],
      ['NULL::date', ''],
    ]) {
      await queryRunner.query(
        `INSERT INTO ${s}.${ROLLUP} (${[...keys, ...SUMS.map(([column]) => column)].join(', ')})
         SELECT partner_id, kind, ${day}, currency, ${sums} FROM ${s}.${TABLE} ${where} GROUP BY 1, 2, 3, 4`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.${ROLLUP}`);
    await queryRunner.query(`DROP TABLE ${s}.${TABLE}`);
    for (const [table, newest] of NEWEST) await dropIndexesLike(queryRunner, table, `%USING btree (${newest.replace('greatest', 'GREATEST')})`);
  }
}
