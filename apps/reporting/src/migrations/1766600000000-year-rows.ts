import { dropIndexesLike, schemaName, schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollups with a day. Spelled out here, not derived from deal-aggregates.ts: a later rollup is a later migration
 * (1766900000000, which gave their all-time rows tables of their own, takes the same list).
 */
export const ROLLUPS: string[] = [
  ...['deal_agg_cycle', 'deal_agg_flow', 'deal_agg_funnel', 'deal_agg_visit', 'lead_agg_created'].flatMap((table) => [
    `${table}_department`,
    `${table}_owner`,
    `${table}_partner`,
  ]),
  'lead_agg_created_source',
  'partner_agg_flow_month',
];

/** A table's unique key (the one the projection's upserts infer): its index's name and columns in order. */
export async function keyOf(queryRunner: QueryRunner, table: string): Promise<{ name: string; columns: string[] }> {
  const [key]: Array<{ name: string; columns: string[] }> = await queryRunner.query(
    `SELECT ic.relname AS name, array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class ic ON ic.oid = i.indexrelid
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, ord)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE n.nspname = $1 AND c.relname = $2 AND i.indisunique
      GROUP BY ic.relname`,
    [schemaName(queryRunner), table],
  );
  return key;
}

/** A table's columns outside its key, with their types: its sums. */
async function sumsOf(queryRunner: QueryRunner, table: string, key: readonly string[]): Promise<Array<{ column: string; type: string }>> {
  const columns: Array<{ column: string; type: string }> = await queryRunner.query(
    `SELECT column_name AS column, data_type AS type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schemaName(queryRunner), table],
  );
  return columns.filter(({ column }) => !key.includes(column) && column !== 'year');
}

/**
 * Year rows in the rollups (ADR 0012, seventh amendment). A rollup kept a row per month and one for all time, so a
 * report of a year summed twelve month rows for each key: at a million deals the partners report of a year read
 * 142,000 rows of `deal_agg_flow_partner` to keep 35,000 and 57,000 of `partner_agg_flow_month` to keep 26,000,
 * 41–54 ms each. A rollup now also keeps a row per year (`day` the year's first day, `year` true), which the
 * projection writes with the month's and the all-time one, and the reader takes for a period's whole years. The key
 * takes `year` after `day` (January's month row and the year's row share their day); the year rows have an index of
 * their own, by day. Back-filled here from the month rows, which are exact: a year row is the sum of its months.
 */
export class YearRows1766600000000 implements MigrationInterface {
  name = 'YearRows1766600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of ROLLUPS) {
      const key = await keyOf(queryRunner, table);
      const sums = await sumsOf(queryRunner, table, key.columns);
      const columns = key.columns.flatMap((column) => (column === 'day' ? ['day', 'year'] : [column]));
      await queryRunner.query(`ALTER TABLE ${s}.${table} ADD COLUMN year boolean NOT NULL DEFAULT false`);
      await queryRunner.query(`DROP INDEX ${s}."${key.name}"`);
      await queryRunner.query(`CREATE UNIQUE INDEX "${key.name}" ON ${s}.${table} (${columns.join(', ')}) NULLS NOT DISTINCT`);
      await queryRunner.query(
        `INSERT INTO ${s}.${table} (${[...columns, ...sums.map(({ column }) => column)].join(', ')})
         SELECT ${columns.map((column) => (column === 'day' ? `date_trunc('year', day::timestamp)::date` : column === 'year' ? 'true' : column)).join(', ')},
                ${sums.map(({ column, type }) => `sum(${column})::${type}`).join(', ')}
           FROM ${s}.${table} WHERE day IS NOT NULL AND NOT year
          GROUP BY ${columns.map((_, index) => index + 1).join(', ')}`,
      );
      await queryRunner.query(`CREATE INDEX ${table}_year_idx ON ${s}.${table} (day) WHERE year`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of ROLLUPS) {
      await dropIndexesLike(queryRunner, table, '% WHERE year');
      await queryRunner.query(`DELETE FROM ${s}.${table} WHERE year`);
      const key = await keyOf(queryRunner, table);
      await queryRunner.query(`DROP INDEX ${s}."${key.name}"`);
      await queryRunner.query(
        `CREATE UNIQUE INDEX "${key.name}" ON ${s}.${table} (${key.columns.filter((column) => column !== 'year').join(', ')}) NULLS NOT DISTINCT`,
      );
      await queryRunner.query(`ALTER TABLE ${s}.${table} DROP COLUMN year`);
    }
  }
}
