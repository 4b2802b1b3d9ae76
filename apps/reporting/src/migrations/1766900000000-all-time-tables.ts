import { dropIndexesLike, schemaName, schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AllTimeRowsIndex1766500000100 } from './1766500000100-all-time-rows-index';
import { keyOf, ROLLUPS } from './1766600000000-year-rows';

/**
 * Each rollup's all-time rows in a table of their own, `<rollup>_ever` (ADR 0012, thirteenth amendment). In the
 * rollup they lay among its month and year rows, written in the same batches: at a million deals the partners
 * report's 7,236 all-time flow rows lay on 2,129 pages, one page visited for every three rows (10.5 ms a read, the
 * partial index of 1766500000100 notwithstanding). In a table of their own they fill a few dozen pages. The table
 * takes the rollup's columns but `day` and `year`, its unique key the rollup's without them; the rows move (and the
 * partial index goes with them). Its name and its key's are derived, so a rebuild's copies migrate too.
 */
export class AllTimeTables1766900000000 implements MigrationInterface {
  name = 'AllTimeTables1766900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of ROLLUPS) {
      const key = (await keyOf(queryRunner, table)).columns.filter((column) => column !== 'day' && column !== 'year');
      const kept = (await columnsOf(queryRunner, table)).filter(({ column }) => column !== 'day' && column !== 'year');
      const names = kept.map(({ column }) => column).join(', ');
      await queryRunner.query(`CREATE TABLE ${s}.${table}_ever (${kept.map(({ column, type, notNull }) => `${column} ${type}${notNull ? ' NOT NULL' : ''}`).join(', ')})`);
      await queryRunner.query(`CREATE UNIQUE INDEX ${table}_ever_key ON ${s}.${table}_ever (${key.join(', ')}) NULLS NOT DISTINCT`);
      await queryRunner.query(`INSERT INTO ${s}.${table}_ever (${names}) SELECT ${names} FROM ${s}.${table} WHERE day IS NULL`);
      await queryRunner.query(`DELETE FROM ${s}.${table} WHERE day IS NULL`);
      await dropIndexesLike(queryRunner, table, '% WHERE (day IS NULL)');
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of ROLLUPS) {
      const names = (await columnsOf(queryRunner, `${table}_ever`)).map(({ column }) => column).join(', ');
      await queryRunner.query(`INSERT INTO ${s}.${table} (${names}, day, year) SELECT ${names}, NULL, false FROM ${s}.${table}_ever`);
      await queryRunner.query(`DROP TABLE ${s}.${table}_ever`);
    }
    await new AllTimeRowsIndex1766500000100().up(queryRunner);
  }
}

/** A table's columns in order, with their types and whether they may be null. */
export async function columnsOf(queryRunner: QueryRunner, table: string): Promise<Array<{ column: string; type: string; notNull: boolean }>> {
  return queryRunner.query(
    `SELECT a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull"
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [schemaName(queryRunner), table],
  );
}
