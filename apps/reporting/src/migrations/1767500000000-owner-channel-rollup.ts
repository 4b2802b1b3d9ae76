import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { columnsOf } from './1766900000000-all-time-tables';

/**
 * The rollup by owner and channel as this migration creates it (spelled out here, not derived from
 * deal-aggregates.ts: a later change is a later migration): each table, the owner's rollup table it is summed from,
 * its key in index order and its sums. A table with a day keeps month rows (`year` false); its year and all-time
 * rows are in its `_years` and `_ever` tables, as every rollup's (ADR 0012, thirteenth and sixteenth amendments).
 */
const TABLES: Array<{ table: string; from: string; key: string[]; sums: string[] }> = [
  { table: 'deal_agg_flow_owner_channel', from: 'deal_agg_flow_owner', key: ['owner_id', 'channel', 'kind', 'day', 'year', 'currency'], sums: ['n', 'n_amount', 'cents', 'cycle_ms'] },
  { table: 'deal_agg_flow_owner_channel_years', from: 'deal_agg_flow_owner_years', key: ['owner_id', 'channel', 'kind', 'day', 'year', 'currency'], sums: ['n', 'n_amount', 'cents', 'cycle_ms'] },
  { table: 'deal_agg_flow_owner_channel_ever', from: 'deal_agg_flow_owner_ever', key: ['owner_id', 'channel', 'kind', 'currency'], sums: ['n', 'n_amount', 'cents', 'cycle_ms'] },
  { table: 'deal_agg_open_owner_channel', from: 'deal_agg_open_owner', key: ['owner_id', 'channel', 'currency'], sums: ['n', 'n_amount', 'cents'] },
  { table: 'lead_agg_created_owner_channel', from: 'lead_agg_created_owner', key: ['owner_id', 'channel', 'day', 'year', 'currency'], sums: ['n', 'converted', 'won', 'n_amount', 'cents'] },
  { table: 'lead_agg_created_owner_channel_years', from: 'lead_agg_created_owner_years', key: ['owner_id', 'channel', 'day', 'year', 'currency'], sums: ['n', 'converted', 'won', 'n_amount', 'cents'] },
  { table: 'lead_agg_created_owner_channel_ever', from: 'lead_agg_created_owner_ever', key: ['owner_id', 'channel', 'currency'], sums: ['n', 'converted', 'won', 'n_amount', 'cents'] },
];

/**
 * A rollup by owner and channel (ADR 0012, nineteenth amendment): the managers report of a channel — a channel
 * manager's, whose scope is always the indirect channel — and of a period read a row per owner, channel, kind and
 * currency, where the owner's rollup, keyed by the direction, pipeline and repeat flag too, had eight or more to
 * group down (at a million deals a year's 3,600 flow rows to 250, the open deals' 4,800 to 150). Back-filled from the
 * owner's rollup, which is exact: a row here is the sum of the rows it covers. Column types from those tables; the
 * small tables (years, all time, no day) leave half of each page free, as every rollup's (seventeenth amendment).
 */
export class OwnerChannelRollup1767500000000 implements MigrationInterface {
  name = 'OwnerChannelRollup1767500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const { table, from, key, sums } of TABLES) {
      const types = new Map((await columnsOf(queryRunner, from)).map(({ column, type }) => [column, type]));
      const columns = [
        ...key.map((column) => (column === 'year' ? 'year boolean NOT NULL DEFAULT false' : `${column} ${types.get(column)}`)),
        ...sums.map((column) => `${column} ${types.get(column)} NOT NULL`),
      ];
      const small = table.endsWith('_years') || table.endsWith('_ever') || !key.includes('day');
      await queryRunner.query(`CREATE TABLE ${s}.${table} (${columns.join(', ')})${small ? ' WITH (fillfactor = 50)' : ''}`);
      await queryRunner.query(`CREATE UNIQUE INDEX ${table}_key ON ${s}.${table} (${key.join(', ')}) NULLS NOT DISTINCT`);
      if (table.endsWith('_years')) await queryRunner.query(`CREATE INDEX ${table}_day_idx ON ${s}.${table} (day) WHERE year`);
      // In the order of the key's time (a year's rows together, as a projection fed in time order writes them).
      await queryRunner.query(
        `INSERT INTO ${s}.${table} (${[...key, ...sums].join(', ')})
         SELECT ${[...key, ...sums.map((column) => `sum(${column})::${types.get(column)}`)].join(', ')}
           FROM ${s}.${from} GROUP BY ${key.map((_, index) => index + 1).join(', ')}
          ORDER BY ${key.includes('day') ? 'day, ' : ''}${key.map((_, index) => index + 1).join(', ')}`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const { table } of TABLES) await queryRunner.query(`DROP TABLE ${s}.${table}`);
  }
}
