import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The median cycle reads the won deals of one day of cycle in the cycle index's order, up to the middle rank (ADR 0012,
 * third amendment), and computes each one's cycle in ms from `won_at` and `opened_at`. The index held only the
 * interval, so every deal passed on the way to the rank was fetched from the heap: at a million deals (350,000 won)
 * that one read took 12 ms of the summary's 24, the department's and the dashboard's alike. With the two moments in the
 * index, PostgreSQL reads it alone (an index-only scan, where the visibility map allows): 4 ms, the summary 15–16 ms
 * (docs/benchmarks.md, 2026-12-04 night). Both columns are indexed already (deal_fact_won_idx, deal_fact_opened_idx), so
 * no update that was HOT stops being one. Built without CONCURRENTLY, like every index here: at a million deals it
 * holds the table's writes for about a second.
 */
export class CycleIndexCovers1766800000000 implements MigrationInterface {
  name = 'CycleIndexCovers1766800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP INDEX ${s}.deal_fact_cycle_idx`);
    await queryRunner.query(`CREATE INDEX deal_fact_cycle_idx ON ${s}.deal_fact ((won_at - opened_at)) INCLUDE (won_at, opened_at) WHERE won_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP INDEX ${s}.deal_fact_cycle_idx`);
    await queryRunner.query(`CREATE INDEX deal_fact_cycle_idx ON ${s}.deal_fact ((won_at - opened_at)) WHERE won_at IS NOT NULL`);
  }
}
