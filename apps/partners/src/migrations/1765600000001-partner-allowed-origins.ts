import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A partner's allowed web origins (issue 15: its portal may call the gateway from a browser). */
export class PartnerAllowedOrigins1765600000001 implements MigrationInterface {
  name = 'PartnerAllowedOrigins1765600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.partner ADD COLUMN allowed_origins text[] NOT NULL DEFAULT '{}'`);
    // The gateway's snapshot of partners' origins reads only the partners that list any.
    await queryRunner.query(`CREATE INDEX partner_with_origins_idx ON ${s}.partner (id) WHERE cardinality(allowed_origins) > 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP INDEX ${s}.partner_with_origins_idx`);
    await queryRunner.query(`ALTER TABLE ${s}.partner DROP COLUMN allowed_origins`);
  }
}
