import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@saleswire/database';

/**
 * The request keys a service records with its commands' changes (ADR 0010): per caller and key, the request's
 * fingerprint and the command's reply, kept 24 hours. Every app that answers writes lists it (leads, deals,
 * partners, the gateway for its own writes); a consumer-only app (reporting) has none.
 */
export class RequestKeys1764700000000 implements MigrationInterface {
  name = 'RequestKeys1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    // `reply` is json, not jsonb, so that a replay answers the first reply's bytes, its keys in their order.
    await queryRunner.query(`
      CREATE TABLE ${schema}.request_key (
        principal_id text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        subject text NOT NULL,
        reply json,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (principal_id, key)
      )`);
    await queryRunner.query(`CREATE INDEX request_key_created_idx ON ${schema}.request_key (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.request_key`);
  }
}
