import { dropIndexesLike, schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLLUPS } from './1766600000000-year-rows';

/**
 * Each rollup's year rows in a table of their own, `<rollup>_years` (ADR 0012, sixteenth amendment), as its all-time
 * rows went to `<rollup>_ever` (1766900000000). In the rollup they lay among its month rows, written in the same
 * batches: at a million deals the managers report of a year read its 3,600 year rows of `deal_agg_flow_owner` from
 * 1,458 pages, one page for every two or three rows. The table is the rollup's own (`LIKE … INCLUDING ALL`: its
 * columns, its unique key and its index of the year rows by day), `year` true in every row; the rows move, and the
 * rollup's index of year rows goes.
 */
export class YearTables1767200000000 implements MigrationInterface {
  name = 'YearTables1767200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of ROLLUPS) {
      await queryRunner.query(`CREATE TABLE ${s}.${table}_years (LIKE ${s}.${table} INCLUDING ALL)`);
      await queryRunner.query(`INSERT INTO ${s}.${table}_years SELECT * FROM ${s}.${table} WHERE year`);
      await queryRunner.query(`DELETE FROM ${s}.${table} WHERE year`);
      await dropIndexesLike(queryRunner, table, '% WHERE year');
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of ROLLUPS) {
      await queryRunner.query(`INSERT INTO ${s}.${table} SELECT * FROM ${s}.${table}_years`);
      await queryRunner.query(`DROP TABLE ${s}.${table}_years`);
      await queryRunner.query(`CREATE INDEX ${table}_year_idx ON ${s}.${table} (day) WHERE year`);
    }
  }
}
