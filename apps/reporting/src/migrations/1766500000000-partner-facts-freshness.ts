import { dropIndexesLike, schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The partners' fact tables, whose newest event every report's `dataAsOf` reads. */
const TABLES = ['registration_fact', 'commission_fact', 'lead_offer_fact'];

/**
 * Every report says how fresh it is (`dataAsOf`: the newest event projected), read as the newest `last_event_at` of
 * each fact table. The deals' and leads' are indexed; the partners' were not, so each report read every
 * registration, commission and offer: 260 ms per report at a million deals with 300,000 of each (docs/benchmarks.md,
 * 2026-12-02 evening), where an index's last entry answers in a tenth of a millisecond.
 */
export class PartnerFactsFreshness1766500000000 implements MigrationInterface {
  name = 'PartnerFactsFreshness1766500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of TABLES) await queryRunner.query(`CREATE INDEX ${table}_event_idx ON ${s}.${table} (last_event_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropIndexesLike(queryRunner, TABLES, '%USING btree (last_event_at)');
  }
}
