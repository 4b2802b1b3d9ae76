import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A manager's median cycle (ADR 0012, third amendment) reads the won deals of one day of cycle of one owner, in the
 * cycle's order, up to the middle rank. Every manager's summary and dashboard asks it (their scope is their own
 * deals), and with the cycle index alone PostgreSQL found that owner's deals by ANDing two bitmaps, the day of
 * cycle's (17,530 deals at a million) and the owner's (20,337): 15–27 ms of the summary's 20. By the owner, then the
 * cycle, it reads the owner's deals of that day alone (350): about 1 ms, the summary 4–5 ms (docs/benchmarks.md,
 * "2026-12-05, later"). `owner_id` and both moments are indexed already, so no update that was HOT stops being
 * one; only won deals are in it (23 MB at a million deals, as the cycle index). Built without CONCURRENTLY, like every
 * index here: at a million deals it holds the table's writes for about a second.
 */
export class OwnerCycleIndex1767100000000 implements MigrationInterface {
  name = 'OwnerCycleIndex1767100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(
      `CREATE INDEX deal_fact_owner_cycle_idx ON ${s}.deal_fact (owner_id, (won_at - opened_at)) INCLUDE (won_at, opened_at) WHERE won_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ${schemaOf(queryRunner)}.deal_fact_owner_cycle_idx`);
  }
}
