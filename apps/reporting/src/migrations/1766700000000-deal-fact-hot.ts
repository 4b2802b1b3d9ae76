import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deal's fact row is updated by nearly every deal event (its stage, version, event id and newest moment change), and
 * no update of it was HOT: `last_event_at`, which every event moves, was indexed so that `dataAsOf` could read the
 * newest deal event from the index's last entry. Each update therefore wrote a new entry in every one of deal_fact's
 * eight indexes, on a page of its own; at a million deals that write was ~45 % of PostgreSQL's active samples while
 * projecting (docs/benchmarks.md, 2026-12-04 later). Now the newest event projected is kept in one row per kind of facts
 * (`fact_freshness`, written once a batch), the index is gone, and deal_fact leaves a fifth of each page free, so that
 * an update which changes no indexed column (a stage change, a payment; not a win, whose `won_at` is indexed) stays
 * on its page and writes no index (ADR 0012, eleventh amendment). The fill factor applies to pages written from now
 * on; a rebuild writes every page anew. Measured after it: 82–83 % of the updates HOT, PostgreSQL 8–12 % less CPU an
 * event, the projection 2–12 % quicker (docs/benchmarks.md, 2026-12-04 afternoon): not the bound the samples suggested.
 */
export class DealFactHot1766700000000 implements MigrationInterface {
  name = 'DealFactHot1766700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${s}.fact_freshness (facts text PRIMARY KEY, newest_event_at timestamptz NOT NULL)`);
    await queryRunner.query(
      `INSERT INTO ${s}.fact_freshness (facts, newest_event_at) SELECT 'deals', max(last_event_at) FROM ${s}.deal_fact HAVING count(*) > 0`,
    );
    await queryRunner.query(`DROP INDEX ${s}.deal_fact_event_idx`);
    await queryRunner.query(`ALTER TABLE ${s}.deal_fact SET (fillfactor = 80)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deal_fact RESET (fillfactor)`);
    await queryRunner.query(`CREATE INDEX deal_fact_event_idx ON ${s}.deal_fact (last_event_at)`);
    await queryRunner.query(`DROP TABLE ${s}.fact_freshness`);
  }
}
