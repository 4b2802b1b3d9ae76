import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The end of protection each approved registration was last announced as expiring for (ADR 0023): the sweep
 * announces a protection ending within 7 days once, and again only when an extension moved the end.
 */
export class RegistrationExpiringNotice1765500000001 implements MigrationInterface {
  name = 'RegistrationExpiringNotice1765500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deal_registration ADD COLUMN expiring_noticed_for timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.deal_registration DROP COLUMN expiring_noticed_for`);
  }
}
