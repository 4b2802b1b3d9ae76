import { dropIndexesLike, schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollups with a day, each with the column its all-time rows are indexed by (its first dimension). Spelled out
 * here, not derived from deal-aggregates.ts: a later rollup is a later migration.
 */
const ROLLUPS: Array<[string, string]> = [
  ...['deal_agg_cycle', 'deal_agg_flow', 'deal_agg_funnel', 'deal_agg_visit', 'lead_agg_created'].flatMap((table): Array<[string, string]> => [
    [`${table}_department`, 'channel'],
    [`${table}_owner`, 'owner_id'],
    [`${table}_partner`, 'partner_id'],
  ]),
  ['lead_agg_created_source', 'source'],
  ['partner_agg_flow_month', 'partner_id'],
];

/**
 * A rollup keeps a row per month and one for all time (`day` null) in one table, and a report over all of time (the
 * dashboard's, the managers' and partners' reports unfiltered) reads only the all-time rows: at a million deals
 * 3,600 of the owner rollup's 91,576 rows, which a sequential scan read whole (9.3 ms; 13.6 ms for the partners'
 * 7,236 of 142,386). A partial index of the all-time rows reads them alone (4.0 ms; a table of their own would take
 * 1.2 ms but a statement more per projection batch, ADR 0012's sixth amendment). Only the key columns are indexed,
 * never a sum, so the projection's updates of these rows stay HOT and the index grows only with new keys.
 */
export class AllTimeRowsIndex1766500000100 implements MigrationInterface {
  name = 'AllTimeRowsIndex1766500000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const [table, column] of ROLLUPS) await queryRunner.query(`CREATE INDEX ${table}_ever_idx ON ${s}.${table} (${column}) WHERE day IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropIndexesLike(queryRunner, ROLLUPS.map(([table]) => table), '% WHERE (day IS NULL)');
  }
}
