import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A service's copy of the gateway's users (evt.iam.user.*), enough to say whether an id names an active user:
 * each row is the newest version of a user this service has heard of (ADR 0016).
 */
export class UserDirectory1764800000000 implements MigrationInterface {
  name = 'UserDirectory1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ${schemaOf(queryRunner)}.user_directory (
        user_id uuid PRIMARY KEY,
        version integer NOT NULL,
        name text NOT NULL,
        email text NOT NULL,
        role text NOT NULL,
        partner_id uuid,
        active boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.user_directory`);
  }
}
