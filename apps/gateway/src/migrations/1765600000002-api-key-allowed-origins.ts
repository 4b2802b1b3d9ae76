import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An API key's allowed web origins (issue 15: a portal calling the gateway from a browser with its key). */
export class ApiKeyAllowedOrigins1765600000002 implements MigrationInterface {
  name = 'ApiKeyAllowedOrigins1765600000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${schema}.api_key ADD COLUMN allowed_origins text[] NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ${schemaOf(queryRunner)}.api_key DROP COLUMN allowed_origins`);
  }
}
