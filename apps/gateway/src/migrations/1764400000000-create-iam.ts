import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The gateway's only tables: who may call the API and as what. */
export class CreateIam1764400000000 implements MigrationInterface {
  name = 'CreateIam1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${schema}.app_user (
        id uuid PRIMARY KEY,
        version integer NOT NULL,
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'head_of_sales', 'manager', 'channel_manager', 'partner_user')),
        partner_id uuid,
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_partner_role CHECK ((role = 'partner_user') = (partner_id IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX app_user_email_key ON ${schema}.app_user (lower(email))`);
    await queryRunner.query(`CREATE INDEX app_user_role_idx ON ${schema}.app_user (role, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.app_user`);
  }
}
