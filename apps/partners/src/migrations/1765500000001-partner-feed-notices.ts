import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the partner feed's notices need (ADR 0023): the end of protection each approved registration was last
 * announced as expiring for (announced once, and again only when an extension moved the end), and the leads' and
 * deals' facts already told to a partner, so that a fact re-published as another event is told once.
 */
export class PartnerFeedNotices1765500000001 implements MigrationInterface {
  name = 'PartnerFeedNotices1765500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deal_registration ADD COLUMN expiring_noticed_for timestamptz`);
    await queryRunner.query(`
      CREATE TABLE ${s}.partner_notice (
        source_type text NOT NULL,
        aggregate_id uuid NOT NULL,
        aggregate_version integer NOT NULL,
        partner_id uuid NOT NULL,
        noticed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (aggregate_id, aggregate_version, source_type)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.partner_notice`);
    await queryRunner.query(`ALTER TABLE ${s}.deal_registration DROP COLUMN expiring_noticed_for`);
  }
}
