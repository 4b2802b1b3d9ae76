import { dropIndexesLike, schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// The table and its rollups as this migration creates them (spelled out here, not imported: a later change is a
// later migration).
const TABLE = 'lead_agg_created';
const DIMENSIONS: Array<[string, string]> = [
  ['owner_id', 'uuid'],
  ['partner_id', 'uuid'],
  ['channel', 'text'],
  ['direction', 'text'],
  ['pipeline_id', 'uuid'],
  ['source', 'text'],
  ['is_repeat', 'boolean'],
];
const OWN_KEYS = ['day', 'marketing_event_id', 'currency'];
const SUMS = ['n', 'converted', 'won', 'n_amount', 'cents'];
const TYPE_OF = new Map<string, string>([...DIMENSIONS, ['day', 'date'], ['marketing_event_id', 'uuid'], ['currency', 'text'], ['cents', 'bigint']]);
const DEPARTMENT = ['channel', 'direction', 'pipeline_id', 'is_repeat'];
const ROLLUPS: Array<{ name: string; dimensions: string[] }> = [
  { name: 'department', dimensions: DEPARTMENT },
  { name: 'owner', dimensions: ['owner_id', ...DEPARTMENT] },
  { name: 'partner', dimensions: ['partner_id', ...DEPARTMENT] },
  { name: 'source', dimensions: ['source', ...DEPARTMENT] },
];

/** A lead's dimensions as the projection keys them: the assignee as the owner, indirect when it went to a partner, no pipeline. */
const LEAD_DIMENSIONS = `l.assignee_id, l.partner_id, CASE WHEN l.partner_id IS NULL THEN 'direct' ELSE 'indirect' END, l.direction, NULL::uuid, l.source, l.is_repeat,
  (l.created_at AT TIME ZONE 'UTC')::date, l.marketing_event_id`;

/**
 * The leads' counts (ADR 0012, fourth amendment): leads by the day of their creation, their marketing event and
 * the deals' dimensions (the lead's assignee as the owner; indirect when it went to a partner; no pipeline) — how
 * many, how many converted, and the won deals opened from them with their amounts by currency — and rollups: the
 * deals' three (the department's, + owner, + partner) and one by source, by month and for all time. Kept by the
 * lead projection, the conversion and the deal projection in their batches' transactions. The summary and the
 * managers report count leads from these rows, and the lead-sources report reads them, instead of a million facts
 * per request. Back-filled here from the facts, by the projections' rule (the UTC day of creation).
 */
export class LeadAggregates1766300000000 implements MigrationInterface {
  name = 'LeadAggregates1766300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const keys = [...DIMENSIONS.map(([column]) => column), ...OWN_KEYS];
    const sums = SUMS.map((sum) => `${sum} ${TYPE_OF.get(sum) ?? 'integer'} NOT NULL`);
    await queryRunner.query(`CREATE TABLE ${s}.${TABLE} (${keys.map((column) => `${column} ${TYPE_OF.get(column)}`).join(', ')}, ${sums.join(', ')})`);
    // Named by table (a rebuild's copies get generated names): the key the projection's upserts infer.
    await queryRunner.query(`CREATE UNIQUE INDEX ${TABLE}_key ON ${s}.${TABLE} (${keys.join(', ')}) NULLS NOT DISTINCT`);
    await queryRunner.query(`CREATE INDEX ${TABLE}_owner_idx ON ${s}.${TABLE} (owner_id)`);
    await queryRunner.query(`CREATE INDEX ${TABLE}_partner_idx ON ${s}.${TABLE} (partner_id) WHERE partner_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX ${TABLE}_day_idx ON ${s}.${TABLE} (day)`);
    // Whether a conversion is dated after a report's moment (then the reader counts from the facts).
    await queryRunner.query(`CREATE INDEX lead_conversion_at_idx ON ${s}.lead_conversion (converted_at)`);
    // Each lead once (converted or not), and each won deal opened from a lead on its lead's row of the deal's currency.
    await queryRunner.query(
      `INSERT INTO ${s}.${TABLE} (${[...keys, ...SUMS].join(', ')})
       SELECT k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, sum(n)::integer, sum(converted)::integer, sum(won)::integer, sum(n_amount)::integer, sum(cents)::bigint
         FROM (SELECT ${LEAD_DIMENSIONS}, NULL::text, 1, CASE WHEN c.lead_id IS NULL THEN 0 ELSE 1 END, 0, 0, 0::bigint
                 FROM ${s}.lead_fact l LEFT JOIN ${s}.lead_conversion c ON c.lead_id = l.lead_id
               UNION ALL
               SELECT ${LEAD_DIMENSIONS}, d.currency, 0, 0, 1, CASE WHEN d.amount IS NULL THEN 0 ELSE 1 END, coalesce(round(d.amount * 100), 0)::bigint
                 FROM ${s}.lead_fact l JOIN ${s}.deal_fact d ON d.lead_id = l.lead_id AND d.won_at IS NOT NULL)
           AS rows (k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, n, converted, won, n_amount, cents)
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`,
    );
    for (const rollup of ROLLUPS) {
      const table = `${TABLE}_${rollup.name}`;
      const columns = [...rollup.dimensions, ...OWN_KEYS];
      await queryRunner.query(`CREATE TABLE ${s}.${table} (${columns.map((column) => `${column} ${TYPE_OF.get(column)}`).join(', ')}, ${sums.join(', ')})`);
      await queryRunner.query(`CREATE UNIQUE INDEX ${table}_key ON ${s}.${table} (${columns.join(', ')}) NULLS NOT DISTINCT`);
      const summed = SUMS.map((sum) => `sum(${sum})::${TYPE_OF.get(sum) ?? 'integer'}`).join(', ');
      for (const day of [`date_trunc('month', day::timestamp)::date`, 'NULL::date']) {
        await queryRunner.query(
          `INSERT INTO ${s}.${table} (${[...columns, ...SUMS].join(', ')})
           SELECT ${columns.map((column) => (column === 'day' ? day : column)).join(', ')}, ${summed}
             FROM ${s}.${TABLE} GROUP BY ${columns.map((_, index) => index + 1).join(', ')}`,
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const rollup of ROLLUPS) await queryRunner.query(`DROP TABLE ${s}.${TABLE}_${rollup.name}`);
    await queryRunner.query(`DROP TABLE ${s}.${TABLE}`);
    await dropIndexesLike(queryRunner, 'lead_conversion', '%USING btree (converted_at)');
  }
}
