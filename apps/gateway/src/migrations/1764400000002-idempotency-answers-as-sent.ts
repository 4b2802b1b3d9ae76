import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway keeps completed answers only (ADR 0010): rows a gateway left "in progress" (no status) before are
 * dropped, so they answer nothing, and answers are kept as json, not jsonb, so a replay sends the first answer's
 * bytes with its keys in their order.
 */
export class IdempotencyAnswersAsSent1764400000002 implements MigrationInterface {
  name = 'IdempotencyAnswersAsSent1764400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`DELETE FROM ${schema}.idempotency_record WHERE status IS NULL`);
    await queryRunner.query(`ALTER TABLE ${schema}.idempotency_record ALTER COLUMN response TYPE json USING response::json`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ${schemaOf(queryRunner)}.idempotency_record ALTER COLUMN response TYPE jsonb USING response::jsonb`);
  }
}
