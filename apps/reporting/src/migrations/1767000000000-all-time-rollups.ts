import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnsOf } from './1766900000000-all-time-tables';

/**
 * The all-time rollups as this migration creates them (spelled out here, not derived from deal-aggregates.ts: a
 * later change is a later migration): each table, the all-time table it is summed from, its key and its sums.
 */
const ROLLUPS: Array<{ table: string; from: string; key: string[]; sums: string[] }> = [
  { table: 'deal_agg_flow_owner_alone', from: 'deal_agg_flow_owner_ever', key: ['owner_id', 'kind', 'currency'], sums: ['n', 'n_amount', 'cents', 'cycle_ms'] },
  { table: 'deal_agg_open_owner_alone', from: 'deal_agg_open_owner', key: ['owner_id', 'currency'], sums: ['n', 'n_amount', 'cents'] },
  { table: 'lead_agg_created_owner_alone', from: 'lead_agg_created_owner_ever', key: ['owner_id', 'currency'], sums: ['n', 'converted', 'won', 'n_amount', 'cents'] },
  { table: 'deal_agg_flow_partner_alone', from: 'deal_agg_flow_partner_ever', key: ['partner_id', 'kind', 'currency'], sums: ['n', 'n_amount', 'cents', 'cycle_ms'] },
];

/**
 * All-time rollups by the owner alone and by the partner alone (ADR 0012, fourteenth amendment): the managers and
 * partners reports over all of time read their rows as they are, where the owner's and partner's all-time rows,
 * keyed by the department's dimensions too, had to be grouped down to them (at a million deals 3,600 rows to 450 for
 * the owners' flows, 4,800 to 150 for their open deals, 7,236 to 1,809 for the partners' flows). Back-filled from
 * those rows, which are exact: a row here is the sum of the rows it covers. Column types from the catalogue.
 */
export class AllTimeRollups1767000000000 implements MigrationInterface {
  name = 'AllTimeRollups1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const { table, from, key, sums } of ROLLUPS) {
      const types = new Map((await columnsOf(queryRunner, from)).map(({ column, type }) => [column, type]));
      const columns = [...key.map((column) => `${column} ${types.get(column)}`), ...sums.map((column) => `${column} ${types.get(column)} NOT NULL`)];
      await queryRunner.query(`CREATE TABLE ${s}.${table} (${columns.join(', ')})`);
      await queryRunner.query(`CREATE UNIQUE INDEX ${table}_key ON ${s}.${table} (${key.join(', ')}) NULLS NOT DISTINCT`);
      await queryRunner.query(
        `INSERT INTO ${s}.${table} (${[...key, ...sums].join(', ')})
         SELECT ${[...key, ...sums.map((column) => `sum(${column})::${types.get(column)}`)].join(', ')}
           FROM ${s}.${from} GROUP BY ${key.map((_, index) => index + 1).join(', ')}`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const { table } of ROLLUPS) await queryRunner.query(`DROP TABLE ${s}.${table}`);
  }
}
