import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** First answers to POSTs sent with an `Idempotency-Key`, per caller, kept for a day. */
export class CreateIdempotency1764400000001 implements MigrationInterface {
  name = 'CreateIdempotency1764400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${schema}.idempotency_record (
        principal_id text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        status integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (principal_id, key)
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_record_created_idx ON ${schema}.idempotency_record (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.idempotency_record`);
  }
}
