import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys of integrations: only the SHA-256 of a key is kept, with the start of it to tell keys apart. A
 * revoked key keeps its row (who made it, when it was last used) and no longer matches the look-up index.
 */
export class CreateApiKeys1764400000100 implements MigrationInterface {
  name = 'CreateApiKeys1764400000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${schema}.api_key (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'head_of_sales', 'manager', 'channel_manager', 'partner_user')),
        partner_id uuid,
        rate_limit integer CHECK (rate_limit > 0),
        key_hash bytea NOT NULL,
        shown text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT api_key_partner_role CHECK ((role = 'partner_user') = (partner_id IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX api_key_hash_key ON ${schema}.api_key (key_hash) WHERE revoked_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.api_key`);
  }
}
